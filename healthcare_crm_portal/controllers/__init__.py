from . import intake
from . import clinic_pages_website
