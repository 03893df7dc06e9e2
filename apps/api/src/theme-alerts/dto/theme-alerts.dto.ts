import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_NEW_THEME_SIZE = 100_000;

export class ThemeAlertSettingsDto {
  @ApiProperty({ description: 'Post an alert when a theme’s weekly count or share jumps past its own baseline, or a new theme reaches minNewThemeSize' })
  alertsEnabled: boolean;
  @ApiProperty({ description: 'Post the weekly digest (top movers, new themes, two quotes each) on the deployment’s schedule (THEME_DIGEST_CRON, UTC)' })
  digestEnabled: boolean;
  @ApiProperty({ minimum: 1, maximum: MAX_NEW_THEME_SIZE, description: 'A new theme alerts once it holds at least this many entries' })
  minNewThemeSize: number;
  @ApiProperty({ description: 'Whether the project has a webhook to post to (its slack_webhook_url); alerts and the digest need one' })
  webhookConfigured: boolean;
}

export class UpdateThemeAlertSettingsDto {
  @ApiPropertyOptional({ description: 'true needs a configured webhook (else 400 WEBHOOK_NOT_CONFIGURED)' })
  @IsOptional()
  @IsBoolean({ message: 'alertsEnabled must be true or false' })
  alertsEnabled?: boolean;

  @ApiPropertyOptional({
    description: 'true needs a configured webhook (else 400 WEBHOOK_NOT_CONFIGURED); true keeps a job scheduler for the project, false removes it',
  })
  @IsOptional()
  @IsBoolean({ message: 'digestEnabled must be true or false' })
  digestEnabled?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_NEW_THEME_SIZE })
  @IsOptional()
  @IsInt({ message: 'minNewThemeSize must be a whole number' })
  @Min(1, { message: 'minNewThemeSize must be at least 1' })
  @Max(MAX_NEW_THEME_SIZE, { message: `minNewThemeSize must be at most ${MAX_NEW_THEME_SIZE}` })
  minNewThemeSize?: number;
}

export class DigestMoverDto {
  @ApiProperty({ example: 'th_0a1b2c3d4e' }) themeId: string;
  @ApiProperty({ description: 'As the model named it (raw: escape it where you render it)' }) name: string;
  @ApiProperty({ enum: ['pain_point', 'feature_request', 'praise', 'other'] }) kind: string;
  @ApiProperty({ description: 'Entries in the reported week' }) lastWeek: number;
  @ApiProperty({ description: 'Entries in the week before' }) weekBefore: number;
  @ApiProperty({ description: 'lastWeek − weekBefore' }) change: number;
  @ApiProperty({ type: [String], maxItems: 2 }) quotes: string[];
}

export class DigestNewThemeDto {
  @ApiProperty({ example: 'th_0a1b2c3d4e' }) themeId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['pain_point', 'feature_request', 'praise', 'other'] }) kind: string;
  @ApiProperty({ description: 'Entries in the theme' }) count: number;
  @ApiProperty({ type: [String], maxItems: 2 }) quotes: string[];
}

export class DigestPreviewDto {
  @ApiProperty({ example: '2026-11-30', description: 'Monday (UTC) of the week reported: the last full week' }) weekOf: string;
  @ApiProperty({ description: 'The message’s text, Slack mrkdwn with every theme name and quote escaped' }) text: string;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Slack Block Kit blocks of the same message' })
  blocks: Record<string, unknown>[];
  @ApiProperty({ type: [DigestMoverDto], description: 'Themes that moved most week over week, biggest change first' }) movers: DigestMoverDto[];
  @ApiProperty({ type: [DigestNewThemeDto] }) newThemes: DigestNewThemeDto[];
}
