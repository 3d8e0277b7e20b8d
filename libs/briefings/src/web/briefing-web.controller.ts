import { InvalidInputError, parsePeriod, type Period, quarterAt } from '@council/core';
import { Public } from '@council/server';
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';

import { ASSETS, errorPage, pageLang, printPage, screenPage, securityHeaders } from './briefing-pages.js';

/**
 * The briefing screen for the projector in the hall, and the printable
 * summary. The pages carry no data (they sign in and fetch it over
 * /graphql), so they and their assets are public.
 */
@Public()
@Controller('briefing')
export class BriefingWebController {
  /** /briefing alone: the current quarter's screen. */
  @Get()
  current(@Query('lang') lang: unknown, @Res() res: Response): void {
    const l = pageLang(lang);
    res.redirect(302, `/briefing/${quarterAt(new Date()).code}${l === 'en' ? '?lang=en' : ''}`);
  }

  // Declared before `:period` so that "assets" is never taken for a period.
  @Get('assets/:name')
  asset(@Param('name') name: string, @Req() req: Request, @Res() res: Response): void {
    const a = ASSETS.get(name);
    res.set(securityHeaders(req.headers.host));
    if (!a) {
      sendHtml(res, 404, errorPage(404, { vi: 'Không tìm thấy tệp này', en: 'No such file' }));
      return;
    }
    res.set({ 'Content-Type': a.contentType, 'Cache-Control': 'no-cache', ETag: a.etag });
    if (req.headers['if-none-match'] === a.etag) {
      res.status(304).end();
      return;
    }
    res.status(200).send(a.body);
  }

  @Get(':period')
  screen(@Param('period') period: string, @Query('lang') lang: unknown, @Req() req: Request, @Res() res: Response): void {
    const p = periodOrError(period, req, res);
    if (p) sendHtml(res, 200, screenPage(p, pageLang(lang)));
  }

  @Get(':period/print')
  print(@Param('period') period: string, @Query('lang') lang: unknown, @Req() req: Request, @Res() res: Response): void {
    const p = periodOrError(period, req, res);
    if (p) sendHtml(res, 200, printPage(p, pageLang(lang)));
  }
}

function sendHtml(res: Response, status: number, html: string): void {
  res.set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.status(status).send(html);
}

/** The period of the address, or a 400 page saying in plain words what is wrong with it. */
function periodOrError(value: string, req: Request, res: Response): Period | null {
  res.set(securityHeaders(req.headers.host));
  try {
    return parsePeriod(value, 'period');
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
    sendHtml(res, 400, errorPage(400, { vi: e.message, en: e.messageEn }));
    return null;
  }
}
