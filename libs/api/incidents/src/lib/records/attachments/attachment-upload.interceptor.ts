import { INCIDENT_RULES } from '@hyperion/contracts';
import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  HttpException,
  Injectable,
  NestInterceptor,
  PayloadTooLargeException,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { Observable } from 'rxjs';

const MAX_MIB = INCIDENT_RULES.attachmentMaxBytes / 1024 / 1024;

export const TOO_LARGE = `file: larger than ${MAX_MIB} MiB`;

/** Room for the multipart envelope around the file (boundaries, part headers). */
const ENVELOPE_BYTES = 64 * 1024;

// No `storage` nor `dest`: multer keeps the file in memory (its MemoryStorage).
const MulterSingleImage = FileInterceptor('file', {
  // Busboy stops reading into memory past the limit; multer then drains the rest of the
  // request without keeping it, and fails with LIMIT_FILE_SIZE.
  limits: { fileSize: INCIDENT_RULES.attachmentMaxBytes, files: 1, fields: 0, parts: 1 },
  // Names as browsers send them (UTF-8), not Latin-1.
  defParamCharset: 'utf8',
});

/**
 * `file`, one image of at most INCIDENT_RULES.attachmentMaxBytes, parsed by multer into memory.
 * A request whose declared length is already too large is refused before any byte is read;
 * multer's own failures are answered as the API's: 413 `file: larger than 10 MiB`, or 400
 * naming the field, never a 500 for a malformed body.
 */
@Injectable()
export class AttachmentUploadInterceptor extends MulterSingleImage implements NestInterceptor {
  override async intercept(
    context: ExecutionContext,
    next: CallHandler,
  ): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<Request>();
    const declared = Number(request.headers['content-length']);
    if (
      Number.isFinite(declared) &&
      declared > INCIDENT_RULES.attachmentMaxBytes + ENVELOPE_BYTES
    ) {
      throw new PayloadTooLargeException(TOO_LARGE);
    }
    try {
      return await super.intercept(context, next);
    } catch (error) {
      throw uploadFailure(error);
    }
  }
}

/** multer's and busboy's failures, as the API answers them. */
function uploadFailure(error: unknown): HttpException {
  if (error instanceof PayloadTooLargeException) return new PayloadTooLargeException(TOO_LARGE);
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof HttpException && error.getStatus() !== 400) return error;
  if (/unexpected (file )?field|too many (files|parts|fields)|field name/i.test(message)) {
    return new BadRequestException('file: send exactly one image, in the multipart field "file"');
  }
  return new BadRequestException(`file: malformed multipart body (${message})`);
}
