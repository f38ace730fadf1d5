import { buttonClass } from '../../../components/ui/button';
import { useToast } from '../../../components/ui/toast';
import { useFollowReader } from '../api/follow-reader';

/** Follow / Unfollow, applied on screen at once and undone if the server refuses. */
export function FollowButton({
  username,
  name,
  isFollowing,
  onChange,
}: {
  username: string;
  name: string;
  isFollowing: boolean;
  /** For a list that holds the state itself: called at once, and again to undo if the server refuses. */
  onChange?: (following: boolean) => void;
}) {
  const follow = useFollowReader(username);
  const toast = useToast();
  return (
    <button
      type="button"
      className={buttonClass(isFollowing ? 'secondary' : 'primary')}
      aria-pressed={isFollowing}
      onClick={() => {
        onChange?.(!isFollowing);
        follow.mutate(!isFollowing, {
          onError: (error) => {
            onChange?.(isFollowing);
            toast.show(`Could not ${isFollowing ? 'unfollow' : 'follow'} ${name}: ${error.message}`, 'error');
          },
        });
      }}
    >
      {isFollowing ? 'Following' : 'Follow'}
    </button>
  );
}
