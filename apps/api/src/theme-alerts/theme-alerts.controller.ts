import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth-user.js';
import { ApiEnvelope, ApiErrors } from '../common/api-envelope.decorator.js';
import { ProjectIdParam } from '../projects/dto/project.dto.js';
import { DigestPreviewDto, ThemeAlertSettingsDto, UpdateThemeAlertSettingsDto } from './dto/theme-alerts.dto.js';
import { ThemeAlertsSettingsService } from './theme-alerts.service.js';

@ApiTags('theme alerts')
@ApiBearerAuth()
@ApiErrors([401, 'Missing, malformed, expired or foreign token'])
@Controller('projects')
export class ThemeAlertsController {
  constructor(private readonly alerts: ThemeAlertsSettingsService) {}

  @Get(':projectId/theme-alerts')
  @ApiOperation({ summary: 'The project’s theme alert and weekly digest settings' })
  @ApiEnvelope(ThemeAlertSettingsDto)
  @ApiErrors([400, 'projectId is not a UUID'], [404, 'No such project for this caller'])
  settings(@CurrentUser() user: AuthUser, @Param() { projectId }: ProjectIdParam): Promise<ThemeAlertSettingsDto> {
    return this.alerts.get(user.id, projectId);
  }

  @Put(':projectId/theme-alerts')
  @ApiOperation({
    summary: 'Turn theme alerts or the weekly digest on or off, or set the size a new theme alerts at',
    description:
      'Fields left out keep their value. Alerts and the digest post to the project’s webhook (slack_webhook_url), signed as failure notices are; turning either on without one is 400 WEBHOOK_NOT_CONFIGURED. digestEnabled true keeps a job scheduler for the project, false removes it.',
  })
  @ApiEnvelope(ThemeAlertSettingsDto)
  @ApiErrors(
    [400, 'projectId is not a UUID, a field is invalid or unknown, or alerts or the digest are turned on without a webhook (WEBHOOK_NOT_CONFIGURED)'],
    [404, 'No such project for this caller'],
  )
  update(@CurrentUser() user: AuthUser, @Param() { projectId }: ProjectIdParam, @Body() dto: UpdateThemeAlertSettingsDto): Promise<ThemeAlertSettingsDto> {
    return this.alerts.update(user.id, projectId, dto);
  }

  @Get(':projectId/digest/preview')
  @ApiOperation({
    summary: 'The weekly digest as it would be posted now, without posting it',
    description: 'Rendered from the project’s latest project-wide result: the last full week against the week before, new themes, two quotes each.',
  })
  @ApiEnvelope(DigestPreviewDto)
  @ApiErrors([400, 'projectId is not a UUID'], [404, 'No such project for this caller'])
  preview(@CurrentUser() user: AuthUser, @Param() { projectId }: ProjectIdParam): Promise<DigestPreviewDto> {
    return this.alerts.preview(user.id, projectId);
  }
}
