// Merged into Evidence's own svelte.config.js (it imports this file when it
// builds from .evidence/template). Only prerender seeds are added here.
//
// A templated page (pages/leads/[handoff_id].md) is prerendered for every
// link to it the crawler finds. With an empty or partial warehouse there may
// be no such link, and SvelteKit 2.8 then fails the whole build ("marked as
// prerenderable, but were not prerendered because they were not found while
// crawling"). So each templated route gets one seed entry, with every
// parameter set to SEED; the seed page renders "No data yet" and
// scripts/build-reports.ts deletes it from the built site.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SEED = '__handoff_seed__';

const pagesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pages');

/** URL paths of templated routes under `dir`, parameters replaced by SEED. */
function seedEntries(dir, prefix, templated) {
	if (!fs.existsSync(dir)) return [];
	const out = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const isParam = /^\[.+\]/.test(entry.name);
		if (entry.isDirectory()) {
			const segment = isParam ? SEED : entry.name;
			out.push(...seedEntries(path.join(dir, entry.name), `${prefix}${segment}/`, templated || isParam));
		} else if (entry.name.endsWith('.md')) {
			const base = entry.name.slice(0, -'.md'.length);
			if (base === 'index') {
				if (templated) out.push(prefix);
			} else if (/^\[.+\]$/.test(base)) {
				out.push(`${prefix}${SEED}/`);
			} else if (templated) {
				out.push(`${prefix}${base}/`);
			}
		}
	}
	return out;
}

export default {
	kit: {
		prerender: {
			entries: ['*', ...seedEntries(pagesDir, '/', false)]
		}
	}
};
