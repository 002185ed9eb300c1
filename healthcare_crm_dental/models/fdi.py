"""FDI tooth numbering (ISO 3950), without Odoo: the chart, the models and the repo tests share it.

A tooth is a two-digit code: the quadrant (1-4 permanent, 5-8 deciduous, clockwise from the
patient's upper right) then the position from the midline (1-8 permanent, 1-5 deciduous).
"""

PERMANENT_TEETH = tuple(f"{quadrant}{position}" for quadrant in (1, 2, 3, 4) for position in range(1, 9))
DECIDUOUS_TEETH = tuple(f"{quadrant}{position}" for quadrant in (5, 6, 7, 8) for position in range(1, 6))
ALL_TEETH = PERMANENT_TEETH + DECIDUOUS_TEETH

# Mesial, distal, occlusal (incisal on front teeth), vestibular (buccal/labial), lingual (palatal
# on the upper arch). Their order here is the canonical order of a treatment's surfaces ("MO").
SURFACES = "MDOVL"

# Age limits of the dentition the chart opens with: baby teeth until 6, mixed until 12.
DECIDUOUS_UNTIL_AGE = 6
MIXED_UNTIL_AGE = 12


def is_tooth(code):
    return isinstance(code, str) and code in ALL_TEETH


def quadrant(code):
    """1-8: the first digit of the code."""
    _check(code)
    return int(code[0])


def permanent_quadrant(code):
    """1-4: the quadrant of the mouth, whether the tooth is permanent or deciduous (5 -> 1...)."""
    number = quadrant(code)
    return number - 4 if number > 4 else number


def position(code):
    _check(code)
    return int(code[1])


def arch(code):
    """'upper' (maxilla) or 'lower' (mandible)."""
    return "upper" if permanent_quadrant(code) in (1, 2) else "lower"


def is_deciduous(code):
    return quadrant(code) > 4


def is_anterior(code):
    """Incisors and canines (positions 1-3): their 'occlusal' surface is the incisal edge."""
    return position(code) <= 3


def sextant(code):
    """1-6, as periodontal indices count them: 1 upper right posterior, 2 upper anterior (canine
    to canine), 3 upper left posterior, 4 lower left posterior, 5 lower anterior, 6 lower right
    posterior."""
    side = permanent_quadrant(code)
    if is_anterior(code):
        return 2 if side in (1, 2) else 5
    return {1: 1, 2: 3, 3: 4, 4: 6}[side]


def teeth_of_quadrant(number, deciduous=False):
    teeth = DECIDUOUS_TEETH if deciduous else PERMANENT_TEETH
    return tuple(code for code in teeth if permanent_quadrant(code) == number)


def normalize_surfaces(surfaces):
    """The surfaces as a string in canonical order ('OM' or ['O', 'M'] -> 'MO').

    Raises ValueError on a letter that is no surface; a repeated letter counts once.
    """
    letters = {letter.upper() for letter in (surfaces or "") if letter.strip()}
    unknown = letters - set(SURFACES)
    if unknown:
        raise ValueError(f"unknown surfaces: {''.join(sorted(unknown))}")
    return "".join(letter for letter in SURFACES if letter in letters)


def dentition(age):
    """The dentition a patient of `age` (whole years; None when the birthdate is unknown) has:
    deciduous under 6, mixed from 6 to 12, permanent after; unknown age: permanent (adults are
    most patients)."""
    if age is None:
        return "permanent"
    if age < DECIDUOUS_UNTIL_AGE:
        return "deciduous"
    if age <= MIXED_UNTIL_AGE:
        return "mixed"
    return "permanent"


def _check(code):
    if not is_tooth(code):
        raise ValueError(f"{code!r} is no FDI tooth")
