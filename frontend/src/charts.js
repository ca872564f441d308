// Chart.js with only the parts the dashboard uses (keeps the bundle small).
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement,
  PointElement, Tooltip } from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement,
  Tooltip, Legend);
Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily || "sans-serif";
Chart.defaults.animation = false;

export { Chart };
