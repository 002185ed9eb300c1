from . import main
from . import personal_data
