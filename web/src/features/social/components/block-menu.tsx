import { useNavigate } from 'react-router';
import { buttonClass } from '../../../components/ui/button';
import { useToast } from '../../../components/ui/toast';
import { useBlockReader } from '../api/block-reader';

/** The profile's "More" menu: block (with undo). A native <details>, so keyboards and screen readers know it. */
export function BlockMenu({ username, name }: { username: string; name: string }) {
  const block = useBlockReader(username);
  const toast = useToast();
  const navigate = useNavigate();
  return (
    <details>
      <summary className={buttonClass('ghost')}>More</summary>
      <button
        type="button"
        className={buttonClass('danger')}
        disabled={block.isPending}
        onClick={() => {
          if (!window.confirm(`Block ${name}? Neither of you will see the other, and follows end.`)) return;
          block.mutate(true, {
            onSuccess: () => {
              toast.show(`You blocked ${name}.`, 'info', {
                action: { label: 'Undo', onAction: () => block.mutate(false) },
              });
              void navigate('/');
            },
            onError: (error) => toast.show(error.message, 'error'),
          });
        }}
      >
        Block {name}
      </button>
    </details>
  );
}
