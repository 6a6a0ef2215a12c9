import { names } from '@nx/devkit';

/** kebab-case: a lower-case letter, then lower-case letters and digits, words joined by `-`. */
export const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Longest domain name: PostgreSQL identifiers stop at 63 characters, and the longest one derived
 * from the table name is `<table>_organization_name_key` (22 more).
 */
export const MAX_NAME_LENGTH = 40;

/** Lib folders that exist for other reasons and must not become a domain. */
const RESERVED = new Set(['core', 'testing', 'util', 'ui', 'shared', 'contracts', 'tools']);

/** Every spelling of a domain's name the templates and the registrations use. */
export interface DomainNames {
  /** `maintenance-window`: folders, file names, project names (`api-maintenance-window`). */
  fileName: string;
  /** `MaintenanceWindow`: classes (`MaintenanceWindowService`, `MaintenanceWindowDomain`). */
  className: string;
  /** `maintenanceWindow`: variables, the console's icon key. */
  propertyName: string;
  /** `MAINTENANCE_WINDOW`: constants (`MAINTENANCE_WINDOW_ROUTES`). */
  constantName: string;
  /** `maintenance_window`: the table, audit targets (`maintenance_window:<id>`) and actions. */
  snakeName: string;
  /** `maintenance window` / `Maintenance window`: prose. */
  title: string;
  titleCapitalized: string;
  /** `maintenance-windows`: the HTTP route and the console path. */
  pluralFileName: string;
  /** `MaintenanceWindows`: the console page (`MaintenanceWindowsPage`). */
  pluralClassName: string;
  /** `maintenanceWindows`: the page's resource. */
  pluralPropertyName: string;
  /** `maintenance windows` / `Maintenance windows`: prose. */
  pluralTitle: string;
  pluralTitleCapitalized: string;
}

/** `widget` → `widgets`, `box` → `boxes`, `policy` → `policies` (the last word only). */
export function pluralize(kebab: string): string {
  if (/[^aeiou]y$/.test(kebab)) return `${kebab.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(kebab)) return `${kebab}es`;
  return `${kebab}s`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Why `name` cannot be a domain's name, or null when it can. */
export function invalidNameReason(name: string): string | null {
  if (!KEBAB_CASE.test(name)) {
    return `"${name}" is not kebab-case (lower-case letters and digits, words joined by "-", starting with a letter)`;
  }
  if (name.length < 2 || name.length > MAX_NAME_LENGTH) {
    return `"${name}" must be 2 to ${MAX_NAME_LENGTH} characters long`;
  }
  if (RESERVED.has(name)) {
    return `"${name}" is reserved (libs/api/${name} or libs/web/${name} is not a domain)`;
  }
  return null;
}

export function domainNames(name: string, plural?: string): DomainNames {
  const reason = invalidNameReason(name);
  if (reason) throw new Error(`Invalid domain name: ${reason}.`);
  const pluralFileName = plural ?? pluralize(name);
  if (!KEBAB_CASE.test(pluralFileName)) {
    throw new Error(`Invalid plural: "${pluralFileName}" is not kebab-case.`);
  }
  if (pluralFileName === name) {
    throw new Error(`The plural must differ from the name ("${name}"): the routes need both.`);
  }
  const n = names(name);
  const title = name.replace(/-/g, ' ');
  const pluralTitle = pluralFileName.replace(/-/g, ' ');
  return {
    fileName: n.fileName,
    className: n.className,
    propertyName: n.propertyName,
    constantName: n.constantName,
    snakeName: name.replace(/-/g, '_'),
    title,
    titleCapitalized: capitalize(title),
    pluralFileName,
    pluralClassName: names(pluralFileName).className,
    pluralPropertyName: names(pluralFileName).propertyName,
    pluralTitle,
    pluralTitleCapitalized: capitalize(pluralTitle),
  };
}
