// UI strings live in translations.json (Arabic and English). Arabic, right to left, is the default.
import strings from "./translations.json";

const KEY = "marsad.lang";
let lang = "ar";

export function initLang(fromUrl) {
  let stored = null;
  try { stored = localStorage.getItem(KEY); } catch (e) { /* storage may be off */ }
  lang = strings[fromUrl] ? fromUrl : strings[stored] ? stored : "ar";
  apply();
  return lang;
}

export function setLang(l) {
  lang = strings[l] ? l : "ar";
  try { localStorage.setItem(KEY, lang); } catch (e) { /* ignore */ }
  apply();
}

function apply() {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
  document.title = t("app.title");
}

export const getLang = () => lang;
export const isRtl = () => lang === "ar";

export function t(key, vars) {
  let s = strings[lang][key] ?? strings.en[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined ? String(vars[k]) : m));
  return s;
}

export const typeName = (type) => (strings[lang][`types.${type}`] ? t(`types.${type}`) : type);
export const modalityName = (m) => (strings[lang][`modality.${m}`] ? t(`modality.${m}`) : m);
