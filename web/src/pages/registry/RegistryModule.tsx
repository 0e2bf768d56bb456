import { useSearchParams } from 'react-router-dom';
import { BeneficiaryDetailView } from './detail/BeneficiaryDetailView';
import { BeneficiaryFormView } from './form/BeneficiaryFormView';
import { RegistryHome } from './RegistryHome';

/** Chooses the registry's view from the address (see links.ts). */
export function RegistryModule() {
  const [params] = useSearchParams();
  const id = params.get('id');
  const form = params.get('form');
  if (form === 'new') return <BeneficiaryFormView key={`new-${params.get('from') ?? ''}`} fromPersonalId={params.get('from')} />;
  if (form === 'edit' && id) return <BeneficiaryFormView key={`edit-${id}-${params.get('category') ?? ''}`} personalId={id} category={params.get('category')} />;
  if (id) return <BeneficiaryDetailView key={id} personalId={id} />;
  return <RegistryHome />;
}
