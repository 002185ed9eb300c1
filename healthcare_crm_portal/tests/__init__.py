from . import test_booking_slots
from . import test_booking_flow
from . import test_booking_pages
