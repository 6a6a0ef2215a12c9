// The workspace's package.json, read at build time (esbuild keeps only `version` of it): the one
// place the version is written. It belongs to no project, hence the boundary rule's exception.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { version } from '../../../../package.json';

/** The version of this Hyperion build, shown in the shell. */
export const APP_VERSION: string = version;
