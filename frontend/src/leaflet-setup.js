// Leaflet plugins written as browser scripts (markercluster) look for a global L.
import L from "leaflet";

window.L = L;
export default L;
