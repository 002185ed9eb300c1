# Run by `odoo-bin shell` between installing base and installing the addons (tools/hcrm.sh).
# Accounting picks its chart of accounts and the company's currency when it is installed, from the
# company's country; so the demo and test databases become a Spanish company first, then get
# Spain's chart (l10n_es) with euros, before the addons' demo invoices the clinic's year. A real clinic does the same
# in Settings (company country and currency) before it installs Invoicing: see the README.
company = env.ref("base.main_company")  # noqa: F821  (given by odoo-bin shell)
euro = env.ref("base.EUR")  # noqa: F821
euro.active = True
company.write({"country_id": env.ref("base.es").id, "currency_id": euro.id})  # noqa: F821
env.ref("base.user_admin").tz = "Europe/Madrid"  # noqa: F821
env.cr.commit()  # noqa: F821
# Spanish active first, so the modules installed now (mail, sale, accounting) load their Spanish terms.
env["res.lang"]._activate_lang("es_ES")  # noqa: F821
env["ir.module.module"].search([("name", "=", "l10n_es")]).button_immediate_install()  # noqa: F821
company = env.ref("base.main_company")  # noqa: F821  (after the registry reload)
print(f"COMPANY {company.country_id.code} {company.currency_id.name} {company.chart_template}")
