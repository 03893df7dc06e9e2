import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module.js';
import { RefreshModule } from '../refresh/refresh.module.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { BcryptKeyChecker } from './bcrypt-key-checker.service.js';
import { WidgetLimits } from './widget-limits.service.js';
import { FeedbackController } from './feedback.controller.js';
import { FeedbackSearchService } from './feedback-search.service.js';
import { FeedbackService } from './feedback.service.js';
import { SentimentScorer } from './sentiment-scorer.service.js';

@Module({
  imports: [ProjectsModule, RefreshModule],
  controllers: [FeedbackController],
  providers: [FeedbackService, FeedbackSearchService, SentimentScorer, ApiKeyGuard, BcryptKeyChecker, WidgetLimits],
})
export class FeedbackModule {}
