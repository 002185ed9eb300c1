// Geometry of the odontogram, without OWL: where each FDI tooth goes, which way it faces, and
// which of its five surface zones is mesial, distal, occlusal, vestibular or lingual.
//
// The chart is seen from the dentist's side: the patient's right (quadrants 1 and 4) on the
// left of the screen. Mesial faces the midline, distal faces away from it; vestibular faces out
// of the mouth (top of the upper arch, bottom of the lower), lingual/palatal faces the tongue.

// Sizes in SVG units, about CSS pixels at the chart's usual width: each zone a finger's target.
export const COL = 60; // width of one tooth's column
export const SQUARE = 48; // the five-zone square
export const INSET = 16; // thickness of the four outer zones
const OUTLINE_SCALE = SQUARE / 44; // the outlines below are drawn 44 wide
export const ROOT = Math.round(54 * OUTLINE_SCALE); // height of the tooth's outline (crown and roots)
export const MIDLINE = 18; // gap between the patient's right and left
export const PAD = 10;
const LABEL = 22; // tooth number
const GAP = 4;
export const ROW_HEIGHT = ROOT + GAP + SQUARE + LABEL;
const ROW_GAP = 8;
const ARCH_GAP = 16;

export const SURFACES = ["M", "D", "O", "V", "L"]; // the server's order: 46 "DO", as on the quote

export const PERMANENT_UPPER = ["18", "17", "16", "15", "14", "13", "12", "11", "21", "22", "23", "24", "25", "26", "27", "28"];
export const PERMANENT_LOWER = ["48", "47", "46", "45", "44", "43", "42", "41", "31", "32", "33", "34", "35", "36", "37", "38"];
export const DECIDUOUS_UPPER = ["55", "54", "53", "52", "51", "61", "62", "63", "64", "65"];
export const DECIDUOUS_LOWER = ["85", "84", "83", "82", "81", "71", "72", "73", "74", "75"];

export function quadrant(tooth) {
    return parseInt(String(tooth)[0], 10);
}

/** Quadrants 1, 2 (permanent) and 5, 6 (deciduous) are the upper arch. */
export function isUpper(tooth) {
    return [1, 2, 5, 6].includes(quadrant(tooth));
}

/** Quadrants 1, 4, 5 and 8 are the patient's right, drawn on the left of the chart. */
export function isOnTheLeft(tooth) {
    return [1, 4, 5, 8].includes(quadrant(tooth));
}

export function isDeciduous(tooth) {
    return quadrant(tooth) >= 5;
}

/** incisor, canine, premolar or molar */
export function toothType(tooth) {
    const position = parseInt(String(tooth)[1], 10);
    if (position <= 2) {
        return "incisor";
    }
    if (position === 3) {
        return "canine";
    }
    if (isDeciduous(tooth)) {
        return "molar";
    }
    return position <= 5 ? "premolar" : "molar";
}

/** The surface each zone of the square stands for: {top, bottom, left, right, center}. */
export function zoneSurfaces(tooth) {
    const upper = isUpper(tooth);
    const left = isOnTheLeft(tooth);
    return {
        top: upper ? "V" : "L",
        bottom: upper ? "L" : "V",
        left: left ? "D" : "M",
        right: left ? "M" : "D",
        center: "O",
    };
}

const S = SQUARE;
const A = INSET;
export const ZONE_POINTS = {
    top: `0,0 ${S},0 ${S - A},${A} ${A},${A}`,
    bottom: `0,${S} ${A},${S - A} ${S - A},${S - A} ${S},${S}`,
    left: `0,0 ${A},${A} ${A},${S - A} 0,${S}`,
    right: `${S},0 ${S},${S} ${S - A},${S - A} ${S - A},${A}`,
    center: `${A},${A} ${S - A},${A} ${S - A},${S - A} ${A},${S - A}`,
};

// Outline of an upper tooth of the patient's right, crown down (toward the square) and roots up,
// distal to the left: other teeth are this shape mirrored. Box: 44 wide, 54 high (scaled to SQUARE).
export const OUTLINES = {
    incisor: "M12,52 Q22,56 32,52 L34,30 L26,4 Q22,0 18,4 L10,30 Z",
    canine: "M11,50 L22,56 L33,50 L35,30 L25,2 Q22,-1 19,2 L9,30 Z",
    premolar: "M8,52 Q22,57 36,52 L37,30 L28,5 Q22,0 16,5 L7,30 Z",
    molar: "M5,52 Q22,57 39,52 L40,30 L37,7 Q34,1 30,6 L24,24 L20,24 L15,8 Q9,0 6,6 L4,30 Z",
};
// The crown alone (below the line where enamel meets root), for crowns.
export const CROWNS = {
    incisor: "M12,52 Q22,56 32,52 L34,30 L10,30 Z",
    canine: "M11,50 L22,56 L33,50 L35,30 L9,30 Z",
    premolar: "M8,52 Q22,57 36,52 L37,30 L7,30 Z",
    molar: "M5,52 Q22,57 39,52 L40,30 L4,30 Z",
};
// Root canals, for root canal treatments.
export const CANALS = {
    incisor: "M22,30 L22,6",
    canine: "M22,30 L22,4",
    premolar: "M22,30 L22,7",
    molar: "M16,30 L11,7 M28,30 L33,8",
};

/**
 * The rows of the chart for a dentition (permanent, deciduous or mixed), top to bottom, each
 * {key, upper, y, teeth: [{tooth, x}]}; and the chart's width and height.
 */
export function chartLayout(dentition) {
    const rows = [];
    const spec = {
        permanent: [
            [PERMANENT_UPPER, 0],
            [PERMANENT_LOWER, 0],
        ],
        deciduous: [
            [DECIDUOUS_UPPER, 3],
            [DECIDUOUS_LOWER, 3],
        ],
        mixed: [
            [PERMANENT_UPPER, 0],
            [DECIDUOUS_UPPER, 3],
            [DECIDUOUS_LOWER, 3],
            [PERMANENT_LOWER, 0],
        ],
    }[dentition] || [];
    let y = PAD;
    spec.forEach(([teeth, firstColumn], index) => {
        const upper = isUpper(teeth[0]);
        if (index > 0) {
            y += upper === rows[index - 1].upper ? ROW_GAP : ARCH_GAP;
        }
        const half = teeth.length / 2;
        rows.push({
            key: teeth[0],
            upper,
            y,
            teeth: teeth.map((tooth, i) => {
                const column = firstColumn + i;
                return { tooth, x: PAD + column * COL + (i >= half ? MIDLINE : 0) + (COL - SQUARE) / 2 };
            }),
        });
        y += ROW_HEIGHT;
    });
    // the line between the arches: after the last upper row
    const lastUpper = rows.filter((row) => row.upper).pop();
    return {
        rows,
        width: PAD * 2 + 16 * COL + MIDLINE,
        height: y + PAD,
        midlineX: PAD + 8 * COL + MIDLINE / 2,
        archLineY: lastUpper ? lastUpper.y + ROW_HEIGHT + ARCH_GAP / 2 : 0,
    };
}

/**
 * Where each part of a tooth of a row goes (y of the outline, square and number), and the
 * transform that mirrors the outline for its quadrant.
 */
export function toothGeometry(tooth, rowY) {
    const upper = isUpper(tooth);
    const flipX = !isOnTheLeft(tooth);
    const flipY = !upper;
    const transforms = [];
    if (flipX) {
        transforms.push(`translate(${SQUARE},0) scale(-1,1)`);
    }
    if (flipY) {
        transforms.push(`translate(0,${ROOT}) scale(1,-1)`);
    }
    transforms.push(`scale(${OUTLINE_SCALE})`);
    if (upper) {
        return {
            outlineY: rowY,
            squareY: rowY + ROOT + GAP,
            labelY: rowY + ROOT + GAP + SQUARE + 2,
            outlineTransform: transforms.join(" "),
        };
    }
    return {
        labelY: rowY,
        squareY: rowY + LABEL - 2,
        outlineY: rowY + LABEL - 2 + SQUARE + GAP,
        outlineTransform: transforms.join(" "),
    };
}

/** "OM" or ["O", "M"] in the server's order: ["M", "O"]. */
export function sortSurfaces(surfaces) {
    const list = typeof surfaces === "string" ? surfaces.split("") : [...(surfaces || [])];
    return SURFACES.filter((surface) => list.includes(surface));
}

/**
 * A new selection after clicking a surface (or, with surface null, the tooth's number).
 * A selection is a list of {tooth, surfaces}; no surfaces means the whole tooth.
 */
export function toggleSelection(selection, tooth, surface = null) {
    const index = selection.findIndex((item) => item.tooth === tooth);
    const current = index >= 0 ? selection[index] : null;
    const result = selection.slice();
    if (surface === null) {
        if (current && !current.surfaces.length) {
            result.splice(index, 1);
        } else if (current) {
            result[index] = { tooth, surfaces: [] };
        } else {
            result.push({ tooth, surfaces: [] });
        }
        return result;
    }
    if (!current) {
        result.push({ tooth, surfaces: [surface] });
        return result;
    }
    let surfaces;
    if (!current.surfaces.length) {
        surfaces = [surface];
    } else if (current.surfaces.includes(surface)) {
        surfaces = current.surfaces.filter((s) => s !== surface);
    } else {
        surfaces = sortSurfaces([...current.surfaces, surface]);
    }
    if (surfaces.length) {
        result[index] = { tooth, surfaces };
    } else {
        result.splice(index, 1);
    }
    return result;
}

/** "36 M O, 46" */
export function selectionText(selection) {
    return selection.map((item) => [item.tooth, ...sortSurfaces(item.surfaces)].join(" ")).join(", ");
}
