from lxml import html
from markupsafe import Markup

from odoo import api, models
from odoo.tools import safe_eval

# In the context, asks `_render_template_qweb` to compile a template once for all its records.
RENDER_ONCE = "healthcare_render_once"


class MailRenderMixin(models.AbstractModel):
    _inherit = "mail.render.mixin"

    @api.model
    def _render_template_qweb(self, template_src, model, res_ids, add_context=None, options=None):
        """Odoo compiles a QWeb template anew for each record it renders it for (some 5 ms); a
        batch of reminders renders one template for hundreds of appointments. With RENDER_ONCE
        in the context it is compiled once for all of them, each record rendered as Odoo does.
        Anything else (restricted rendering, a template that fails, to report the way Odoo
        does) goes Odoo's way."""
        if (
            not self.env.context.get(RENDER_ONCE)
            or len(res_ids) < 2
            or not template_src
            or not (
                self._unrestricted_rendering
                or self.env.is_admin()
                or self.env.user.has_group("mail.group_mail_template_editor")
            )
            or not self._has_unsafe_expression_template_qweb(template_src, model)  # rendered without QWeb
        ):
            return super()._render_template_qweb(template_src, model, res_ids, add_context=add_context, options=options)
        variables = self._render_eval_context()
        if add_context:
            variables.update(**add_context)
        qweb = self.env["ir.qweb"].with_context(**(options or {}))  # as ir.qweb's _render takes them
        try:
            node = html.fragment_fromstring(template_src, create_parent="div")
            functions, name = qweb._prepare_environment(dict(variables))._compile(node)
            results = {}
            for record in self.env[model].browse(res_ids):
                values = dict(variables, object=record)
                renderer = qweb._prepare_environment(values)
                safe_eval.check_values(values)
                # without the <div> added above to hold several nodes, as Odoo does
                results[record.id] = Markup("".join(functions[name](renderer, values)))[5:-6]
        except Exception:  # noqa: BLE001 (Odoo's rendering raises what went wrong, in its words)
            return super()._render_template_qweb(template_src, model, res_ids, add_context=add_context, options=options)
        return results
