import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';

import { WorkbookRejected } from './upload-errors.js';

/** A district's workbook of 30-odd sheets is well under 1 MB; 5 MB leaves room for long narratives. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 0, parts: 1 },
}).single('file');

const tooLarge = () =>
  new WorkbookRejected(413, 'WORKBOOK_TOO_LARGE', {
    vi: `Tệp quá lớn: tối đa ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`,
    en: `The file is too large: at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`,
  });

/**
 * Takes the workbook from a multipart upload (field `file`) into memory, after the guard has let the caller in, and
 * refuses before anything is parsed: not multipart (415), larger than the limit as declared or as it streams (413:
 * multer stops counting at the limit and discards the rest), no file (400).
 */
@Injectable()
export class WorkbookUploadInterceptor implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    if (!req.is('multipart/form-data')) {
      throw new WorkbookRejected(415, 'WORKBOOK_NOT_MULTIPART', {
        vi: 'Hãy gửi tệp dưới dạng multipart/form-data, trường "file"',
        en: 'Send the file as multipart/form-data, field "file"',
      });
    }
    if (Number(req.headers['content-length']) > MAX_UPLOAD_BYTES + 64 * 1024) {
      req.resume(); // discard the body: the answer is known
      throw tooLarge();
    }
    await new Promise<void>((resolve, reject) =>
      upload(req, res, (err: unknown) => {
        if (!err) return resolve();
        if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE') return reject(tooLarge());
        reject(
          new WorkbookRejected(400, 'WORKBOOK_UPLOAD_INVALID', {
            vi: 'Yêu cầu tải lên không hợp lệ: chỉ một tệp, trường "file"',
            en: 'A bad upload: one file, in the field "file"',
          }),
        );
      }),
    );
    if (!req.file) {
      throw new WorkbookRejected(400, 'WORKBOOK_MISSING', { vi: 'Chưa chọn tệp để tải lên', en: 'No file was uploaded' });
    }
    return next.handle();
  }
}
