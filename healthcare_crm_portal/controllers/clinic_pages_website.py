from odoo import http
from odoo.addons.healthcare_crm_messaging.controllers.appointment import AppointmentAnswer
from odoo.addons.healthcare_crm_messaging.controllers.optout import MarketingOptout


# Once `website` is installed, web.frontend_layout (which the clinic's pages use) is website's,
# and it needs the request's website, which website's routing gives only to routes marked
# website=True: without it, messaging's public pages answer 500. Same routes, same code; not
# multilang, or website would redirect an odd token to its "canonical" URL instead of a 404.
class WebsiteAppointmentAnswer(AppointmentAnswer):
    @http.route(website=True, multilang=False, sitemap=False)
    def appointment_page(self, token, **kwargs):
        return super().appointment_page(token, **kwargs)

    @http.route(website=True, multilang=False, sitemap=False)
    def appointment_answer(self, token, answer, note="", **kwargs):
        return super().appointment_answer(token, answer, note=note, **kwargs)


class WebsiteMarketingOptout(MarketingOptout):
    @http.route(website=True, multilang=False, sitemap=False)
    def optout_page(self, token, **kwargs):
        return super().optout_page(token, **kwargs)

    @http.route(website=True, multilang=False, sitemap=False)
    def optout(self, token, **kwargs):
        return super().optout(token, **kwargs)
