import type { FinalOutputs } from "../../../worker/contract/events";
import { artifactsZipUrl } from "../../lib/api";
import { CostBreakdown } from "../CostBreakdown";
import { JsonView } from "../JsonView";
import { KeyValueView } from "../KeyValueView";
import { Tabs, type Tab } from "../Tabs";
import { FileBrowser } from "./FileBrowser";
import { ReportView } from "./ReportView";
import { RevisionCompare } from "./RevisionCompare";

interface Props {
  decisionSetId: string;
  outputs: FinalOutputs;
}

/** The finished design: report, cost, files and architecture, and the code as a zip. */
export default function ResultView({ decisionSetId, outputs }: Props) {
  const rejected = outputs.status === "rejected";
  const tabs: Tab[] = [
    { id: "report", label: "Report", render: () => <ReportView markdown={outputs.report_markdown} /> },
  ];
  if (Object.keys(outputs.cost_estimate).length > 0) {
    tabs.push({ id: "cost", label: "Cost", render: () => <CostBreakdown estimate={outputs.cost_estimate} /> });
  }
  if (outputs.artifacts.length > 0) {
    tabs.push({
      id: "files",
      label: `Files (${outputs.artifacts.length})`,
      render: () => <FileBrowser decisionSetId={decisionSetId} artifacts={outputs.artifacts} />,
    });
  }
  if (Object.keys(outputs.architecture).length > 0) {
    tabs.push({
      id: "architecture",
      label: "Architecture",
      render: () => <JsonView label="Architecture" value={outputs.architecture} defaultOpen />,
    });
  }
  if (outputs.diff !== undefined && Object.keys(outputs.diff).length > 0) {
    const diff = outputs.diff;
    tabs.push({
      id: "changes",
      label: "What changed",
      render: () => (
        <>
          <KeyValueView data={diff} />
          <RevisionCompare decisionSetId={decisionSetId} />
        </>
      ),
    });
  }
  return (
    <section className="result" aria-label="Result" data-testid="result">
      <div className="result-head">
        <h3>{rejected ? "The plan as it stood when rejected" : "The design"}</h3>
        {outputs.artifacts.length > 0 ? (
          <a className="button primary" href={artifactsZipUrl(decisionSetId)} download data-testid="zip-download">
            Download code (.zip)
          </a>
        ) : null}
      </div>
      <Tabs tabs={tabs} label="Result" />
    </section>
  );
}
