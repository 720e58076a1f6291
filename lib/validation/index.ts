/** Validation of Marathon app JSON into lib/model/app.ts types. */
export { parseAppDefinition, IGNORED_FIELDS, type ParseOptions } from './app';
export { parseAppUpdate } from './update';
export { canonicalAppId } from './app-id';
export { networkingOf, type AppNetworking } from './networks';
