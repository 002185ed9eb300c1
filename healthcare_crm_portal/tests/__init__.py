from . import test_booking_slots
from . import test_booking_flow
from . import test_booking_pages
from . import test_booking_race
from . import test_booking_tour
from . import test_booking_staff
