export interface DomainGeneratorSchema {
  name: string;
  plural?: string;
  lib?: string;
  readPermission?: string;
  writePermission?: string;
  skipFormat?: boolean;
}
