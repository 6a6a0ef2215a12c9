export interface DomainGeneratorSchema {
  name: string;
  plural?: string;
  readPermission?: string;
  writePermission?: string;
  skipFormat?: boolean;
}
