/**
 * Feedback for the search benchmark, seeded inside Postgres like large-seed.ts (every choice a
 * slice of md5(seed, row number)), with the vocabulary a search meets: the demo themes' phrasing,
 * context sentences, the tools and devices people name (a few often, most rarely), error codes
 * (a handful of entries each), and entries written in German (tagged `de`), Spanish (`es-ES`)
 * and Russian (untagged: read by their script).
 */
import type { DatabaseHandle } from '@insights/db';
import { textArray, themesSql, type SqlSeedOptions } from './large-seed.js';

type Pool = DatabaseHandle['pool'];

const CONTEXT = [
  'To give some context, we are a team of twelve and we collect feedback from three products.',
  'We tried several workarounds, including clearing the cache and using another browser.',
  'Our customers noticed it too, and a few of them mentioned it in their own surveys.',
  'I am writing this in detail because it affects our weekly reporting to leadership.',
  'This started after we invited the sales team to the workspace.',
  'Support answered quickly but the problem came back the next day.',
  'We rely on this every Monday for the product review meeting.',
  'Half of our agents work remotely on slow connections.',
  'It is not a blocker, but it is annoying enough to mention.',
  'Our previous tool handled this without any trouble.',
  'The same thing happened to a colleague on a different account.',
  'We would happily pay more if this worked reliably.',
  'I attached screenshots to the ticket we opened last week.',
  'Our onboarding specialist suggested we send this here.',
  'It only seems to affect projects with a lot of history.',
  'Apart from that, the product has been great for us.',
];

/** Tools, devices and services people name; drawn with a steep skew, so the last ones are rare. */
const NAMED = [
  'Chrome',
  'Safari',
  'Firefox',
  'Slack',
  'Android',
  'iPhone',
  'Windows',
  'Excel',
  'Jira',
  'Zendesk',
  'Salesforce',
  'HubSpot',
  'Intercom',
  'macOS',
  'Edge',
  'Teams',
  'Zoom',
  'Gmail',
  'Outlook',
  'Notion',
  'Trello',
  'Asana',
  'Confluence',
  'GitHub',
  'GitLab',
  'Zapier',
  'Shopify',
  'Stripe',
  'PayPal',
  'iPad',
  'Linux',
  'Ubuntu',
  'Chromebook',
  'Figma',
  'Miro',
  'Airtable',
  'Dropbox',
  'OneDrive',
  'SharePoint',
  'Webex',
  'Opera',
  'Brave',
  'Pixel',
  'Galaxy',
  'ThinkPad',
  'Surface',
  'MacBook',
  'Tableau',
  'Looker',
  'Metabase',
  'Snowflake',
  'BigQuery',
  'Redshift',
  'Segment',
  'Mixpanel',
  'Amplitude',
  'Hotjar',
  'Pendo',
  'Okta',
  'Auth0',
  'Azure',
  'Kubernetes',
  'Docker',
  'Terraform',
  'Datadog',
  'Sentry',
  'PagerDuty',
  'Freshdesk',
  'Typeform',
  'SurveyMonkey',
  'Qualtrics',
  'Mailchimp',
  'Klaviyo',
  'Marketo',
  'Pipedrive',
  'ClickUp',
  'Basecamp',
  'Wrike',
  'Smartsheet',
  'Calendly',
  'DocuSign',
  'Gusto',
  'Workday',
  'BambooHR',
  'Greenhouse',
  'Loom',
  'Vimeo',
  'Wistia',
  'Canva',
  'Webflow',
  'WordPress',
  'Squarespace',
  'Contentful',
  'Algolia',
  'Twilio',
  'SendGrid',
  'Postmark',
  'Netlify',
  'Heroku',
  'Cloudflare',
];
const NAMED_TEMPLATES = ['We use it together with %.', 'It happens with our % integration too.', 'Same result on %.', 'Syncing with % is affected as well.'];

const GERMAN = [
  'Der Export nach Excel bricht ständig ab.',
  'Die Exporte dauern viel zu lange.',
  'Beim Exportieren stürzt die App jedes Mal ab.',
  'Die Anmeldung funktioniert nach dem Update nicht mehr.',
  'Ich kann mich seit gestern nicht mehr anmelden.',
  'Das Dashboard lädt auf dem Handy sehr langsam.',
  'Die Preise sind für kleine Teams zu hoch.',
  'Tolle Oberfläche, vielen Dank an das ganze Team!',
  'Bitte einen dunklen Modus für die Berichte hinzufügen.',
  'Die Suche findet keine älteren Einträge.',
  'Unsere Berichte werden nicht gespeichert.',
  'Benachrichtigungen kommen doppelt an.',
];
const SPANISH = [
  'La exportación a PDF falla siempre.',
  'El panel carga muy lento por las mañanas.',
  'No puedo iniciar sesión después de la actualización.',
  'Me encanta la interfaz, gracias al equipo.',
  'Por favor añadan un modo oscuro.',
  'El precio es demasiado alto para un equipo pequeño.',
  'La búsqueda no encuentra los comentarios antiguos.',
  'Los informes exportados no se guardan.',
];
const RUSSIAN = [
  'Экспорт в CSV постоянно падает.',
  'Приложение очень медленно загружается.',
  'Не могу войти после обновления.',
  'Отличный интерфейс, спасибо команде!',
  'Добавьте, пожалуйста, тёмную тему.',
  'Цены слишком высокие для небольшой команды.',
  'Поиск не находит старые отзывы.',
  'Отчёты не сохраняются после экспорта.',
  'Уведомления приходят дважды.',
  'Панель аналитики зависает на телефоне.',
];

/** The large seed's options: project, seed, rows and their numbering, and the days they span. */
export type SearchSeedOptions = SqlSeedOptions;

/** Inserts `count` rows in one statement; returns the rows inserted. */
export async function insertSearchFeedback(pool: Pool, options: SearchSeedOptions): Promise<number> {
  const from = (options.offset ?? 0) + 1;
  const to = (options.offset ?? 0) + options.count;
  const pick = (array: string, draw: string, length: number) => `(${array})[1 + (${draw}) % ${length}]`;
  // r1: theme and date; r2: phrases; r3: rating and context; r4: sentiment; r5: language and
  // name; r6: the named thing's rank (a fifth power: the first names are common, the last rare).
  const sql = `
    with ${themesSql()},
    draws as (
      select g,
             md5($1 || ':' || g) as m,
             ('x' || substr(md5('r' || $1 || ':' || g), 1, 8))::bit(32)::bigint as r1,
             ('x' || substr(md5('r' || $1 || ':' || g), 9, 8))::bit(32)::bigint as r2,
             ('x' || substr(md5('r' || $1 || ':' || g), 17, 8))::bit(32)::bigint as r3,
             ('x' || substr(md5('r' || $1 || ':' || g), 25, 8))::bit(32)::bigint as r4,
             ('x' || substr(md5('s' || $1 || ':' || g), 1, 8))::bit(32)::bigint as r5,
             ('x' || substr(md5('s' || $1 || ':' || g), 9, 8))::bit(32)::bigint as r6
      from generate_series($2::int, $3::int) g
    ),
    composed as (
      select d.*, t.*,
             case when d.r5 % 100 < 4 then 'de' when d.r5 % 100 < 6 then 'es' when d.r5 % 100 < 9 then 'ru' else 'en' end as lang,
             (${textArray(NAMED)})[1 + floor(${NAMED.length} * power((d.r6 % 1000000) / 1000000.0, 5))::int] as named
      from draws d
      join theme t on d.r1 % 100 >= t.lo and d.r1 % 100 < t.hi
    )
    insert into feedback (id, project_id, text, rating, category, sentiment, sentiment_score, user_name, user_email, processing_status, metadata, created_at, updated_at)
    select
      c.m::uuid,
      $4::uuid,
      case c.lang
        when 'de' then ${pick(textArray(GERMAN), 'c.r2', GERMAN.length)} || ' ' || ${pick(textArray(GERMAN), 'c.r2 / 16', GERMAN.length)}
        when 'es' then ${pick(textArray(SPANISH), 'c.r2', SPANISH.length)} || ' ' || ${pick(textArray(SPANISH), 'c.r2 / 16', SPANISH.length)}
        when 'ru' then ${pick(textArray(RUSSIAN), 'c.r2', RUSSIAN.length)} || ' ' || ${pick(textArray(RUSSIAN), 'c.r2 / 16', RUSSIAN.length)}
        else c.openers[1 + c.r2 % 4] || ' ' || c.subjects[1 + (c.r2 / 4) % 4] || ' ' || c.details[1 + (c.r2 / 16) % 4] || '.'
          || case when c.r3 % 10 < 6 then ' ' || ${pick(textArray(CONTEXT), 'c.r3 / 10', CONTEXT.length)} else '' end
          || case when c.r5 % 10 < 5 then ' ' || replace(${pick(textArray(NAMED_TEMPLATES), 'c.r5 / 100', NAMED_TEMPLATES.length)}, '%', c.named) else '' end
      end
        || case when c.r4 % 20 = 0 then ' Error ' || (1000 + (c.r4 / 20) % 9000) || '.' else '' end,
      c.rlo + (c.r3 / 50) % (c.rhi - c.rlo + 1),
      c.category,
      case when c.r4 % 50 = 1 then 'pending' else c.sentiment end,
      case c.sentiment when 'positive' then 0.3 + (c.r4 % 700) / 1000.0
                       when 'negative' then -0.3 - (c.r4 % 700) / 1000.0
                       else ((c.r4 % 200) - 100) / 1000.0 end,
      '',
      '',
      'completed',
      case c.lang when 'de' then '{"language":"de","source":"bench"}'::jsonb
                  when 'es' then '{"locale":"es-ES","source":"bench"}'::jsonb
                  else '{"source":"bench"}'::jsonb end,
      $5::timestamp - make_interval(secs => ((c.r1 / 100) % ($6::bigint * 86400))::double precision),
      $5::timestamp - make_interval(secs => ((c.r1 / 100) % ($6::bigint * 86400))::double precision)
    from composed c`;
  const result = await pool.query(sql, [
    String(options.seed),
    from,
    to,
    options.projectId,
    options.now.toISOString().replace('T', ' ').replace('Z', ''),
    options.days,
  ]);
  return result.rowCount ?? 0;
}

/** The rarest named thing: the benchmark's rare word. */
export const RARE_WORD = NAMED.at(-1)!;
