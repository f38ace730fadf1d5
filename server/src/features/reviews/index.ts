/** Other readers' ratings and reviews of a book (the book page). */
export { ReviewsRepository } from './reviews.repository.ts';
export { reviewsRoutes } from './reviews.routes.ts';
export { ReviewsService } from './reviews.service.ts';
