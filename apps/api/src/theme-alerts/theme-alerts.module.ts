import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module.js';
import { ThemeAlertsController } from './theme-alerts.controller.js';
import { ThemeAlertsSettingsService } from './theme-alerts.service.js';

@Module({
  imports: [ProjectsModule],
  controllers: [ThemeAlertsController],
  providers: [ThemeAlertsSettingsService],
})
export class ThemeAlertsModule {}
