import type {
  FileChmodRequest,
  FileExtractRequest,
  FileMoveRequest,
  FilePathRequest,
} from '@hyperion/contracts';
import { FILE_RULES } from '@hyperion/contracts';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/*
 * Only the shape is checked here (strings, lengths); what a path may be is the root guard's
 * business (guard/root-guard.ts), one rule set for every operation.
 */

const pathRule = (field: string) => [
  IsString({ message: `${field} must be a string` }),
  MaxLength(FILE_RULES.pathMaxLength, {
    message: `${field} must be at most ${FILE_RULES.pathMaxLength} characters`,
  }),
];

const Path = (field: string): PropertyDecorator => {
  const rules = pathRule(field);
  return (target, key) => rules.forEach((rule) => rule(target, key));
};

/** `?path=` ('' or absent: the root). */
export class PathQueryDto {
  @IsOptional()
  @Path('path')
  path?: string;
}

export class DeleteQueryDto {
  @Path('path')
  path!: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'recursive must be true or false' })
  recursive?: 'true' | 'false';
}

export class UploadQueryDto {
  @Path('path')
  path!: string;

  /** The version listed (alternatively the If-Match header); absent: create only. */
  @IsOptional()
  @IsString({ message: 'version must be a string' })
  @MaxLength(128, { message: 'version must be at most 128 characters' })
  version?: string;
}

export class FilePathDto implements FilePathRequest {
  @Path('path')
  path!: string;
}

export class FileMoveDto implements FileMoveRequest {
  @Path('from')
  from!: string;

  @Path('to')
  to!: string;
}

export class FileChmodDto implements FileChmodRequest {
  @Path('path')
  path!: string;

  @IsString({ message: `mode: ${FILE_RULES.modeHint}` })
  mode!: string;
}

export class FileExtractDto implements FileExtractRequest {
  @Path('path')
  path!: string;

  @Path('to')
  to!: string;
}
