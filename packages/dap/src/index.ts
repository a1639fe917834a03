export { LanternDebugSession } from './session.ts';
export { serveStdio, serveTcp, portOf } from './server.ts';
export { launchSchema, parseLaunchArguments, LaunchArgumentError } from './launchSchema.ts';
export type { LaunchConfig } from './launchSchema.ts';
export { capabilities, exceptionFilters } from './capabilities.ts';
