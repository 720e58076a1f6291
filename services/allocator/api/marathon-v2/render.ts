/** Marathon's /v2 JSON shapes (render/): apps with their embeds, tasks. */
export { renderApp, renderAppDefinition } from './render/app';
export { renderTask, renderMarinaTask, type MarathonTask } from './render/task';
export { parseEmbeds, type AppEmbeds } from './render/embed';
