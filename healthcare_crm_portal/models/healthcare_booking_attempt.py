import ipaddress
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

# Online booking requests allowed per hour from one IP address and for one phone number.
MAX_PER_IP = 10
MAX_PER_PHONE = 3
WINDOW = timedelta(hours=1)


def _client_key(ip_address):
    """The address counted: an IPv6 client is its /64 network, which one subscriber gets whole."""
    try:
        address = ipaddress.ip_address(ip_address)
    except ValueError:
        return ip_address
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


class HealthcareBookingAttempt(models.Model):
    """One online booking request, kept an hour or so to limit how many come from one IP or phone."""

    _name = "healthcare.booking.attempt"
    _description = "Online Booking Attempt"
    _log_access = False

    ip_address = fields.Char(string="IP Address", index=True)
    phone = fields.Char(index=True, help="The mobile given, in E.164 when it could be read.")
    attempted_at = fields.Datetime(required=True, default=fields.Datetime.now, index=True)

    @api.model
    def _record_attempt(self, ip_address, phone):
        """Count this request and refuse it when the IP or the phone asked too often this hour.

        The request is counted even when refused or when the booking then fails: the caller
        keeps it (it is written before the booking's savepoint)."""
        since = fields.Datetime.now() - WINDOW
        ip_address = ip_address and _client_key(ip_address)
        by_ip = ip_address and self.search_count([("ip_address", "=", ip_address), ("attempted_at", ">=", since)])
        by_phone = phone and self.search_count([("phone", "=", phone), ("attempted_at", ">=", since)])
        self.create({"ip_address": ip_address, "phone": phone})
        if (by_ip or 0) >= MAX_PER_IP or (by_phone or 0) >= MAX_PER_PHONE:
            raise UserError(
                _("Too many booking requests in a short time. Please try again in an hour, or call the clinic.")
            )

    @api.autovacuum
    def _gc_attempts(self):
        """Odoo's daily clean-up: attempts older than a day count for nothing."""
        self.search([("attempted_at", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()
