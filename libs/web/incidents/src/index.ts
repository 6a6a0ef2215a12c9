export * from './lib/incident-api';
export * from './lib/incident.routes';
export * from './lib/records-api';
