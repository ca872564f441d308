// PLOVER types, cooperation first, conflict last, each with its colour (greens/blues: cooperation,
// yellows to dark red: conflict).
export const TYPES = ["AGREE", "CONSULT", "SUPPORT", "REQUEST", "CONCEDE", "COOPERATE", "AID", "RETREAT",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];

export const TYPE_COLOR = {
  AGREE: "#1a9850", CONSULT: "#66bd63", SUPPORT: "#a6d96a", REQUEST: "#74add1", CONCEDE: "#4575b4",
  COOPERATE: "#006837", AID: "#35978f", RETREAT: "#80cdc1", ACCUSE: "#fdae61", REJECT: "#e6c229",
  THREATEN: "#f46d43", PROTEST: "#c51b7d", SANCTION: "#8c510a", MOBILIZE: "#bf812d", COERCE: "#d73027",
  ASSAULT: "#a50026",
};

const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
  "#9c755f", "#bab0ac", "#2f4b7c", "#a05195"];

export function colorFor(group, key, i) {
  if (group === "type" && TYPE_COLOR[key]) return TYPE_COLOR[key];
  return PALETTE[i % PALETTE.length];
}
