import { HttpException } from '@nestjs/common';

/** Where in the workbook something is wrong: "Trang tính 00460 Bắc Hồng, ô C7". */
export interface CellProblem {
  code: string;
  sheet?: string;
  cell?: string;
  message: string;
  messageEn: string;
}

/**
 * A refused upload: JSON with a code, a Vietnamese message and its English, and every problem found with its sheet
 * and cell (HttpErrorFilter sends it as it is). Thrown before anything is written.
 */
export class WorkbookRejected extends HttpException {
  constructor(status: 400 | 413 | 415, code: string, message: { vi: string; en: string }, problems: CellProblem[] = []) {
    super({ code, message: message.vi, messageEn: message.en, ...(problems.length ? { problems } : {}) }, status);
  }
}
