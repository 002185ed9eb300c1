from . import sale_portal
from . import booking
