import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, IsUUID, Length, Matches } from 'class-validator';
import type { ThemeEditRow } from '@insights/db';
import { THEME_ID } from '@insights/engine';
import { normalizeId } from '../../common/normalize-id.js';
import { ProjectIdParam } from '../../projects/dto/project.dto.js';

/** Longest name an owner may give a theme (the model's are shorter). */
export const THEME_NAME_MAX = 80;
// C0 and C1 controls, and the line and paragraph separators: a name is one line of text.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

const THEME_ID_MESSAGE = 'must be a theme id: th_ and 10 lower-case letters or digits, as GET /api/projects/{projectId}/themes lists them';

export class ThemeIdParam extends ProjectIdParam {
  @ApiProperty({ example: 'th_4k2m9q0x7z', pattern: THEME_ID.source })
  @IsString()
  @Matches(THEME_ID, { message: `themeId ${THEME_ID_MESSAGE}` })
  themeId: string;
}

export class ThemeEditIdParam extends ProjectIdParam {
  @ApiProperty({ format: 'uuid', description: 'An edit id, as an edit or GET /api/projects/{projectId}/themes returns it' })
  @Transform(({ value }: { value: unknown }) => normalizeId(value))
  @IsUUID('all', { message: 'editId must be a UUID' })
  editId: string;
}

export class RenameThemeDto {
  @ApiProperty({ example: 'Checkout failures', minLength: 1, maxLength: THEME_NAME_MAX, description: 'Trimmed; one line, no control characters' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'name must be a string' })
  @Length(1, THEME_NAME_MAX, { message: `name must be 1 to ${THEME_NAME_MAX} characters (after trimming)` })
  @Matches(new RegExp(`^[^${CONTROL.source.slice(1, -1)}]*$`, 'u'), { message: 'name must not contain control characters or line breaks' })
  name: string;
}

export class MergeThemeDto {
  @ApiProperty({ example: 'th_8c1d0e5f2a', pattern: THEME_ID.source, description: 'The theme this one goes into (it keeps its id, name and kind)' })
  @IsString({ message: 'intoThemeId must be a string' })
  @Matches(THEME_ID, { message: `intoThemeId ${THEME_ID_MESSAGE}` })
  intoThemeId: string;
}

export class ThemeEditDto {
  @ApiProperty({ format: 'uuid', description: 'Undo it with DELETE /api/projects/{projectId}/theme-edits/{id}' }) id: string;
  @ApiProperty({ enum: ['rename', 'merge', 'hide'] }) action: 'rename' | 'merge' | 'hide';
  @ApiProperty({ example: 'th_4k2m9q0x7z' }) themeId: string;
  @ApiProperty({ type: String, nullable: true, description: 'The theme a merge went into; null for the other actions' }) intoThemeId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'A rename’s name; null for the other actions' }) name: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ type: Date, nullable: true, description: 'When it was undone; null while it applies' }) undoneAt: Date | null;

  static from(row: ThemeEditRow): ThemeEditDto {
    return {
      id: row.id,
      action: row.action,
      themeId: row.themeId,
      intoThemeId: row.intoThemeId,
      name: row.name,
      createdAt: row.createdAt,
      undoneAt: row.undoneAt,
    };
  }
}

export class WeekCountDto {
  @ApiProperty({ example: '2026-11-02', description: 'The week’s Monday (UTC)' }) week: string;
  @ApiProperty() count: number;
}

export class ThemeEditMarkDto {
  @ApiPropertyOptional({ description: 'The name the model gave the theme, when its owner renamed it' }) modelName?: string;
  @ApiPropertyOptional({ type: [String], description: 'Themes merged into this one' }) mergedIds?: string[];
}

export class ProjectThemeDto {
  @ApiProperty({ example: 'th_4k2m9q0x7z' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['pain_point', 'feature_request', 'praise', 'other'] }) kind: string;
  @ApiProperty({ description: 'Entries behind the theme (a merge counts an entry once)' }) count: number;
  @ApiProperty({ type: [WeekCountDto], description: 'Entries by the week they were written, oldest first' }) weekly: WeekCountDto[];
  @ApiPropertyOptional({ type: ThemeEditMarkDto, description: 'Present when the taxonomy renamed the theme or merged others into it' })
  edited?: ThemeEditMarkDto;
}

export class HiddenThemeDto {
  @ApiProperty({ example: 'th_4k2m9q0x7z' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() count: number;
}

export class ProjectThemesDto {
  @ApiProperty({ description: 'When the result listed was generated' }) generatedAt: string;
  @ApiProperty({ type: [ProjectThemeDto], description: 'The latest project-wide result’s themes with the taxonomy applied, biggest first' })
  themes: ProjectThemeDto[];
  @ApiProperty({ type: [HiddenThemeDto], description: 'Themes hidden by the taxonomy' }) hidden: HiddenThemeDto[];
  @ApiProperty({ type: [ThemeEditDto], description: 'The edits in force, oldest first' }) edits: ThemeEditDto[];
}
