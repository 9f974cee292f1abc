// The HTML shells of the dashboards. They hold no data and no inline script (the CSP allows
// scripts from 'self' only): the client modules fetch the definition and the /v1 API.
import type { DashboardDefinition } from './definitions.ts';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function shell(title: string, body: string, dashboard?: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Sidewatch</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboards/assets/uPlot.min.css">
<link rel="stylesheet" href="/dashboards/assets/style.css">
${dashboard ? '<script src="/dashboards/assets/uPlot.iife.min.js"></script>\n<script type="module" src="/dashboards/assets/app.js"></script>' : ''}
</head>
<body${dashboard ? ` data-dashboard="${escapeHtml(dashboard)}"` : ''}>
${body}
</body>
</html>
`;
}

export function indexPage(defs: DashboardDefinition[]): string {
  const items = defs
    .map((d) => `<li><a href="/dashboards/${encodeURIComponent(d.name)}">${escapeHtml(d.title)}</a><br><small>${escapeHtml(d.description ?? '')}</small></li>`)
    .join('\n');
  return shell('Dashboards', `<header><h1>Sidewatch dashboards</h1></header>\n<ul class="dashboards">\n${items}\n</ul>`);
}

export function dashboardPage(def: DashboardDefinition, all: DashboardDefinition[]): string {
  const nav = all.map((d) => `<a href="/dashboards/${encodeURIComponent(d.name)}">${escapeHtml(d.title)}</a>`).join(' · ');
  return shell(
    def.title,
    `<header><h1 id="title">${escapeHtml(def.title)}</h1><nav><a href="/">all</a> · ${nav}</nav><div id="controls"></div></header>\n<main id="dashboard"></main>`,
    def.name,
  );
}
