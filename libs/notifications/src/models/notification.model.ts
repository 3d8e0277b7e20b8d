import { NOTIFICATION_KIND_LABELS, NotificationKind } from '@council/core';
import { ListSize } from '@council/server';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

import type { NotificationEntity } from '../notification.entities.js';
import type { NotificationPreference } from '../notifications.service.js';

registerEnumType(NotificationKind, { name: 'NotificationKind', description: 'Loại thông báo / notification kind' });

@ObjectType('Notification', { description: 'Một thông báo cho người dùng đang đăng nhập / one notification of the signed-in user' })
export class NotificationModel {
  @Field(() => ID)
  id: string;

  @Field(() => NotificationKind)
  kind: NotificationKind;

  @Field({ description: 'Tiêu đề / title (Vietnamese)' })
  title: string;

  @Field()
  titleEn: string;

  @Field({ description: 'Nội dung / body (Vietnamese)' })
  body: string;

  @Field()
  bodyEn: string;

  @Field({ description: 'Trang mở khi bấm / the web app page it opens (a report, the directives)' })
  link: string;

  @Field({ description: 'Đơn vị được nhắc đến / the unit it is about' })
  unitCode: string;

  @Field(() => String, { nullable: true, description: 'Kỳ báo cáo / the quarter, when it is about one' })
  period: string | null;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'Đã đọc lúc / when it was read; null: unread' })
  readAt: Date | null;

  static from(e: NotificationEntity): NotificationModel {
    return Object.assign(new NotificationModel(), {
      id: e.id,
      kind: e.kind as NotificationKind,
      title: e.titleVi,
      titleEn: e.titleEn,
      body: e.bodyVi,
      bodyEn: e.bodyEn,
      link: e.link,
      unitCode: e.unitCode,
      period: e.period,
      createdAt: e.createdAt,
      readAt: e.readAt,
    });
  }
}

@ObjectType('NotificationPage')
export class NotificationPageModel {
  @ListSize(({ parent }) => (parent?.args.first as number | undefined) ?? 20, 'first')
  @Field(() => [NotificationModel], { description: 'Mới nhất trước / newest first' })
  items: NotificationModel[];

  @Field(() => String, { nullable: true, description: 'Truyền vào `after` để lấy trang sau / pass as `after` for the next page' })
  endCursor: string | null;

  @Field()
  hasMore: boolean;
}

@ObjectType('NotificationBadge', { description: 'Chuông thông báo / the bell: unread count and the newest notification' })
export class NotificationBadgeModel {
  @Field(() => Int)
  unread: number;

  @Field(() => NotificationModel, { nullable: true })
  latest: NotificationModel | null;
}

@ObjectType('NotificationPreference', { description: 'Nhận loại thông báo này qua kênh nào / which channels a kind comes by' })
export class NotificationPreferenceModel {
  @Field(() => NotificationKind)
  kind: NotificationKind;

  @Field({ description: 'Tên loại / the kind’s name (Vietnamese)' })
  label: string;

  @Field()
  labelEn: string;

  @Field({ description: 'Trong ứng dụng / in the notification centre (IN_APP)' })
  inApp: boolean;

  @Field({ description: 'Qua thư điện tử / by email (EMAIL), when the platform sends mail and the user has an address' })
  email: boolean;

  static from(p: NotificationPreference): NotificationPreferenceModel {
    const label = NOTIFICATION_KIND_LABELS[p.kind];
    return Object.assign(new NotificationPreferenceModel(), { ...p, label: label.vi, labelEn: label.en });
  }
}

@InputType('NotificationPreferenceInput')
export class NotificationPreferenceInput {
  @Field(() => NotificationKind)
  kind: NotificationKind;

  @Field({ description: 'IN_APP on or off' })
  inApp: boolean;

  @Field({ description: 'EMAIL on or off' })
  email: boolean;
}
