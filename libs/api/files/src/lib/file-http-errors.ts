import {
  BadGatewayException,
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  NotFoundException,
  PayloadTooLargeException,
} from '@nestjs/common';

import { FileOperationError } from './guard/file-errors';

/** One HTTP answer per class of file error (the guard knows nothing of HTTP). */
export function toHttpError(error: unknown): unknown {
  if (!(error instanceof FileOperationError)) return error;
  switch (error.status) {
    case 400:
      return new BadRequestException(error.message);
    case 403:
      return new ForbiddenException(error.message);
    case 404:
      return new NotFoundException(error.message);
    case 409:
      return new ConflictException(error.message);
    case 413:
      return new PayloadTooLargeException(error.message);
    case 502:
      return new BadGatewayException(error.message);
    default:
      return new HttpException(error.message, HttpStatus.INSUFFICIENT_STORAGE);
  }
}
