import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { ApiResponse } from '../../../lib/api-schema';

export type BookReviews = ApiResponse<'/api/books/{id}/reviews', 'get'>;
export type BookReview = BookReviews['items'][number];

export function getBookReviews(bookId: number): Promise<BookReviews> {
  return apiRequest<BookReviews>(`/api/books/${bookId}/reviews?limit=50`);
}

export function bookReviewsQueryOptions(bookId: number) {
  return queryOptions({ queryKey: ['books', bookId, 'reviews'], queryFn: () => getBookReviews(bookId) });
}

export function useBookReviews(bookId: number) {
  return useQuery(bookReviewsQueryOptions(bookId));
}
