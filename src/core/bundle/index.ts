/** Run bundles: format (types), manifest, reading/writing over file maps, environment, HTML report. */
export * from './types';
export * from './manifest';
export * from './files';
export * from './environment';
