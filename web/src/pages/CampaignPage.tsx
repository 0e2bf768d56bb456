import { ModulePlaceholder } from '../components/ModulePlaceholder';

/** Placeholder until the campaign module is built; the route and menu entry are already wired. */
export default function CampaignPage() {
  return <ModulePlaceholder titleKey="menu.campaign" descriptionKey="module.campaign.description" />;
}
