import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { insightsThemeAlerts, insightsThemeAlertSettings } from '../schema.js';

export interface ThemeAlertSettings {
  alertsEnabled: boolean;
  digestEnabled: boolean;
  minNewThemeSize: number;
}

/** What a project without a settings row has: both off (opt-in), the table's default size. */
export const DEFAULT_THEME_ALERT_SETTINGS: Readonly<ThemeAlertSettings> = Object.freeze({ alertsEnabled: false, digestEnabled: false, minNewThemeSize: 10 });

export interface ThemeAlertKey {
  projectId: string;
  themeId: string;
  week: string;
  kind: 'spike' | 'new';
}

export interface NewThemeAlert extends ThemeAlertKey {
  details: unknown;
}

/** A project's theme alert settings, and the alerts it was sent (one per theme, week and kind). */
export class ThemeAlertsRepository {
  constructor(private readonly db: Database) {}

  async settings(projectId: string): Promise<ThemeAlertSettings> {
    const [row] = await this.db
      .select({
        alertsEnabled: insightsThemeAlertSettings.alertsEnabled,
        digestEnabled: insightsThemeAlertSettings.digestEnabled,
        minNewThemeSize: insightsThemeAlertSettings.minNewThemeSize,
      })
      .from(insightsThemeAlertSettings)
      .where(eq(insightsThemeAlertSettings.projectId, projectId));
    return row ?? { ...DEFAULT_THEME_ALERT_SETTINGS };
  }

  /** Writes the given fields (the others keep their value, or the default on a first write). */
  async update(projectId: string, patch: Partial<ThemeAlertSettings>): Promise<ThemeAlertSettings> {
    const values = { ...DEFAULT_THEME_ALERT_SETTINGS, ...patch, projectId };
    const [row] = await this.db
      .insert(insightsThemeAlertSettings)
      .values(values)
      .onConflictDoUpdate({ target: insightsThemeAlertSettings.projectId, set: { ...patch, updatedAt: sql`now()` } })
      .returning({
        alertsEnabled: insightsThemeAlertSettings.alertsEnabled,
        digestEnabled: insightsThemeAlertSettings.digestEnabled,
        minNewThemeSize: insightsThemeAlertSettings.minNewThemeSize,
      });
    return row!;
  }

  /** Projects whose owners asked for the weekly digest. */
  async digestProjects(): Promise<string[]> {
    const rows = await this.db
      .select({ projectId: insightsThemeAlertSettings.projectId })
      .from(insightsThemeAlertSettings)
      .where(eq(insightsThemeAlertSettings.digestEnabled, true));
    return rows.map((r) => r.projectId);
  }

  /**
   * Records an alert unless it was recorded already: true when this call inserted it, which is
   * the only case in which it may be sent (two checks racing insert one row between them).
   */
  async record(alert: NewThemeAlert): Promise<boolean> {
    const rows = await this.db
      .insert(insightsThemeAlerts)
      .values({ ...alert, details: alert.details ?? {} })
      .onConflictDoNothing()
      .returning({ themeId: insightsThemeAlerts.themeId });
    return rows.length > 0;
  }

  /** A recorded alert (what its delivery job renders). */
  async find(key: ThemeAlertKey): Promise<{ details: unknown; createdAt: Date } | undefined> {
    const [row] = await this.db
      .select({ details: insightsThemeAlerts.details, createdAt: insightsThemeAlerts.createdAt })
      .from(insightsThemeAlerts)
      .where(this.keyed(key));
    return row;
  }

  /** Drops a recorded alert whose delivery could not be queued, so the next check records it again. */
  async forget(key: ThemeAlertKey): Promise<void> {
    await this.db.delete(insightsThemeAlerts).where(this.keyed(key));
  }

  private keyed({ projectId, themeId, week, kind }: ThemeAlertKey) {
    return and(
      eq(insightsThemeAlerts.projectId, projectId),
      eq(insightsThemeAlerts.themeId, themeId),
      eq(insightsThemeAlerts.week, week),
      eq(insightsThemeAlerts.kind, kind),
    );
  }
}
