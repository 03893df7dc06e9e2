import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth-user.js';
import { ApiEnvelope, ApiErrors } from '../common/api-envelope.decorator.js';
import { ProjectIdParam } from '../projects/dto/project.dto.js';
import { MergeThemeDto, ProjectThemesDto, RenameThemeDto, ThemeEditDto, ThemeEditIdParam, ThemeIdParam } from './dto/themes.dto.js';
import { ThemesService } from './themes.service.js';

const APPLIES =
  'Applies at once to every read of the project’s insights (cached, stale, export, evidence, jobs) and to every later result whose theme keeps this id.';

@ApiTags('themes')
@ApiBearerAuth()
@ApiErrors([401, 'Missing, malformed, expired or foreign token'])
@Controller('projects')
export class ThemesController {
  constructor(private readonly themes: ThemesService) {}

  @Get(':projectId/themes')
  @ApiOperation({
    summary: 'The project’s themes as its readers see them, with the edits in force',
    description: 'From the latest project-wide result (no filters), with the project’s taxonomy applied: renamed, merged and hidden themes as edited.',
  })
  @ApiEnvelope(ProjectThemesDto)
  @ApiErrors([400, 'projectId is not a UUID'], [404, 'No such project for this caller (PROJECT_NOT_FOUND), or no insights yet (INSIGHTS_NOT_FOUND)'])
  list(@CurrentUser() user: AuthUser, @Param() { projectId }: ProjectIdParam): Promise<ProjectThemesDto> {
    return this.themes.list(user.id, projectId);
  }

  @Post(':projectId/themes/:themeId/rename')
  @ApiOperation({ summary: 'Rename a theme', description: `The model’s name stays in the theme’s edited.modelName. ${APPLIES}` })
  @ApiEnvelope(ThemeEditDto, { status: 201 })
  @ApiErrors(
    [400, 'Bad id, or a name that is empty, too long or holds control characters, or a theme merged into another'],
    [404, 'No such project for this caller, or no such theme in its latest insights (THEME_NOT_FOUND)'],
  )
  rename(@CurrentUser() user: AuthUser, @Param() { projectId, themeId }: ThemeIdParam, @Body() { name }: RenameThemeDto): Promise<ThemeEditDto> {
    return this.themes.rename(user.id, projectId, themeId, name);
  }

  @Post(':projectId/themes/:themeId/merge')
  @ApiOperation({
    summary: 'Merge a theme into another',
    description: `The other theme keeps its id, name and kind; its count is the entries behind either, each counted once. ${APPLIES}`,
  })
  @ApiEnvelope(ThemeEditDto, { status: 201 })
  @ApiErrors(
    [400, 'Bad id; merging a theme into itself, into an unknown or hidden theme, or in a circle; or a theme hidden or already merged'],
    [404, 'No such project for this caller, or no such theme in its latest insights (THEME_NOT_FOUND)'],
  )
  merge(@CurrentUser() user: AuthUser, @Param() { projectId, themeId }: ThemeIdParam, @Body() { intoThemeId }: MergeThemeDto): Promise<ThemeEditDto> {
    return this.themes.merge(user.id, projectId, themeId, intoThemeId);
  }

  @Post(':projectId/themes/:themeId/hide')
  @ApiOperation({ summary: 'Hide a theme', description: `It leaves every list and is named among the hidden ones. ${APPLIES}` })
  @ApiEnvelope(ThemeEditDto, { status: 201 })
  @ApiErrors(
    [400, 'Bad id, or a theme already hidden or merged into another'],
    [404, 'No such project for this caller, or no such theme in its latest insights (THEME_NOT_FOUND)'],
  )
  hide(@CurrentUser() user: AuthUser, @Param() { projectId, themeId }: ThemeIdParam): Promise<ThemeEditDto> {
    return this.themes.hide(user.id, projectId, themeId);
  }

  @Delete(':projectId/theme-edits/:editId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Undo a theme edit', description: 'The edit stops applying, at once, to every read and every later result.' })
  @ApiEnvelope(ThemeEditDto)
  @ApiErrors([400, 'Bad id'], [404, 'No such project for this caller, or no such edit in force (THEME_EDIT_NOT_FOUND)'])
  undo(@CurrentUser() user: AuthUser, @Param() { projectId, editId }: ThemeEditIdParam): Promise<ThemeEditDto> {
    return this.themes.undo(user.id, projectId, editId);
  }
}
