import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { AuthModule, AuthService } from '@council/auth';
import { Permission, roleHas } from '@council/core';
import { Allow, HttpErrorFilter, sendClientError } from '@council/server';
import { getQueueToken } from '@nestjs/bullmq';
import { Controller, HttpCode, type MiddlewareConsumer, Module, type NestModule, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';

import { MessagingModule } from './messaging.module.js';
import { QUEUE_NAMES } from './queues.js';

/** Where the dashboard lives, on city-api and, through the gateway (or nginx), on the web app's own address. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';
/** The cookie a page navigation carries (the web app keeps its token in the page, which a navigation cannot send). */
export const QUEUE_DASHBOARD_COOKIE = 'council_queues';
/** How long the cookie lasts; the token it holds may end sooner (then the person opens the dashboard from the menu again). */
const COOKIE_MAX_AGE_MS = 15 * 60_000;

/**
 * bull-board's page: its scripts, styles and fonts are its own files; it sets inline styles (a `<style>` element and
 * `style` attributes), and its `<base href>` names the dashboard's path. Nothing from another origin: the Google Fonts
 * stylesheet its template links is taken out of the page (cutDashboardFonts), so the administrator's browser asks no
 * third party, and the system font shows instead.
 */
export const QUEUE_DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const bearerToken = (authorization: string | undefined) => /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];

function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === QUEUE_DASHBOARD_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** The page's HTML without its link to fonts.googleapis.com (see QUEUE_DASHBOARD_CSP). */
function cutDashboardFonts(res: Response): void {
  const send = res.send.bind(res);
  res.send = (body?: unknown) =>
    send(typeof body === 'string' ? body.replace(/<link[^>]+href="https:\/\/fonts\.googleapis\.com[^>]*>/g, '') : body);
}

/**
 * In front of every dashboard request (its page, files and API): the cookie's token must name an active account
 * (read now, so a disabled administrator or a changed role loses the dashboard at once) whose role may operate the
 * queues. Anyone else gets 401 or 403 as JSON with no queue data. The session endpoint, which sets the cookie, goes
 * on to its controller and the global guard.
 */
export function queueDashboardGuard(auth: AuthService) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (req.method === 'POST' && req.originalUrl.split('?')[0] === `${QUEUE_DASHBOARD_PATH}/session`) return next();
    const token = cookieToken(req.headers.cookie);
    const user = token ? await auth.verifyToken(token).catch(() => null) : null;
    if (!user) {
      return sendClientError(req, res, {
        status: 401,
        code: 'UNAUTHENTICATED',
        message: 'Hãy đăng nhập bằng tài khoản quản trị rồi mở bảng hàng đợi từ trình đơn Quản trị',
        messageEn: 'Sign in as an administrator, then open the queue dashboard from the Administration menu',
      });
    }
    if (!roleHas(user.role, Permission.OperateQueues)) {
      return sendClientError(req, res, {
        status: 403,
        code: 'FORBIDDEN',
        message: 'Bạn không có quyền xem hàng đợi',
        messageEn: 'You may not see the queues',
      });
    }
    res.setHeader('Content-Security-Policy', QUEUE_DASHBOARD_CSP);
    res.setHeader('Cache-Control', 'no-store');
    cutDashboardFonts(res);
    next();
  };
}

/**
 * POST /admin/queues/session with the administrator's bearer token: sets the cookie the dashboard's pages are
 * opened with — the same token, HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it, so no
 * cross-site request can retry or delete jobs), and only for the dashboard's path, for at most COOKIE_MAX_AGE_MS.
 */
@Controller(QUEUE_DASHBOARD_PATH.slice(1))
@UseFilters(HttpErrorFilter)
export class QueueDashboardSessionController {
  @Allow(Permission.OperateQueues)
  @Post('session')
  @HttpCode(204)
  session(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    res.cookie(QUEUE_DASHBOARD_COOKIE, bearerToken(req.headers.authorization) ?? '', {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: QUEUE_DASHBOARD_PATH,
      maxAge: COOKIE_MAX_AGE_MS,
    });
    res.setHeader('Cache-Control', 'no-store');
  }
}

/**
 * The queue dashboard (bull-board) for administrators, on city-api: the app that already checks the city's
 * accounts and that the gateway serves. The queues are Redis keys under the platform's prefix, so this process
 * shows and operates them without consuming any (the sync-worker does). bull-board's router is mounted here as Nest
 * middleware behind queueDashboardGuard (what @bull-board/nestjs does, without its CommonJS require of Nest, which
 * Jest's ESM runtime cannot load).
 */
@Module({
  imports: [MessagingModule.forRoot(), AuthModule],
  controllers: [QueueDashboardSessionController],
})
export class QueueDashboardModule implements NestModule {
  constructor(
    private readonly auth: AuthService,
    private readonly modules: ModuleRef,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    const server = new ExpressAdapter().setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({
      queues: QUEUE_NAMES.map((name) => new BullMQAdapter(this.modules.get<Queue>(getQueueToken(name), { strict: false }))),
      serverAdapter: server,
      options: {
        uiConfig: {
          boardTitle: 'Hàng đợi / Queues',
          hideDocsLink: true,
          miscLinks: [{ text: 'Quản trị / Administration', url: '/admin' }],
        },
      },
    });
    consumer.apply(queueDashboardGuard(this.auth), server.getRouter()).forRoutes(QUEUE_DASHBOARD_PATH);
  }
}
