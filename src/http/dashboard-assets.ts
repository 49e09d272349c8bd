/** The dashboard's script and style sheet, made at build time (dashboard-bundle.ts); loaded on the first visit. */
import { dashboardCss, dashboardScript } from './dashboard-bundle' with { type: 'macro' };

export const script: string = dashboardScript();
export const css: string = dashboardCss();
