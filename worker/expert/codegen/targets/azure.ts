/** Azure: OIDC federated credentials, ACR, AKS, azurerm state, Azure SDK with the managed identity. */
import { COSMOS_FEATURES } from "../runtime/features";
import { BLOB_STORAGE } from "../runtime/storage";
import { EVENTHUBS_STREAM } from "../runtime/streams";
import { azureMlPipeline } from "../pipelines/portable";
import { AGIC_INGRESS } from "./ingress";
import type { CodegenTarget } from "./types";

export const azure: CodegenTarget = {
  ci: {
    runsOn: "ubuntu-latest",
    oidc: true,
    permissionsNote:
      "OIDC: the deploy job signs in as an app registration with a federated credential; no client secret is stored in GitHub.",
    auth: () => `      - uses: azure/login@v2
        with:
          client-id: \${{ vars.AZURE_CLIENT_ID }}
          tenant-id: \${{ vars.AZURE_TENANT_ID }}
          subscription-id: \${{ vars.AZURE_SUBSCRIPTION_ID }}`,
    registryLogin: () => `      - name: Log in to Azure Container Registry
        run: az acr login --name "\${REGISTRY%%.*}"`,
    clusterCredentials: () => `      - name: Cluster credentials (AKS)
        run: |
          CLUSTER="\${{ steps.tf.outputs.cluster_name }}"
          GROUP="$(az aks list --query "[?name=='$CLUSTER'].resourceGroup | [0]" --output tsv)"
          az aks get-credentials --resource-group "$GROUP" --name "$CLUSTER" --overwrite-existing`,
    // The azurerm provider and backend read the same federated identity.
    env: {
      ARM_CLIENT_ID: "${{ vars.AZURE_CLIENT_ID }}",
      ARM_TENANT_ID: "${{ vars.AZURE_TENANT_ID }}",
      ARM_SUBSCRIPTION_ID: "${{ vars.AZURE_SUBSCRIPTION_ID }}",
      ARM_USE_OIDC: '"true"',
    },
    variables: () => [
      {
        name: "AZURE_CLIENT_ID",
        what: "the deploy app registration (or user-assigned identity) with a federated credential for this repository",
      },
      { name: "AZURE_TENANT_ID", what: "the Entra ID tenant" },
      { name: "AZURE_SUBSCRIPTION_ID", what: "the subscription to deploy into" },
      { name: "TF_STATE_RESOURCE_GROUP", what: "the resource group of the state storage account" },
      { name: "TF_STATE_STORAGE_ACCOUNT", what: "the state storage account (its container is `tfstate`)" },
    ],
    secrets: () => [],
  },
  k8s: AGIC_INGRESS,
  state: {
    type: "azurerm",
    config: () => [
      "resource_group_name={TF_STATE_RESOURCE_GROUP}",
      "storage_account_name={TF_STATE_STORAGE_ACCOUNT}",
      "container_name=tfstate",
      "key={PROJECT}.tfstate",
      "use_azuread_auth=true",
    ],
    bootstrap: (region) => `az group create --name "{TF_STATE_RESOURCE_GROUP}" --location ${region}
az storage account create --name "{TF_STATE_STORAGE_ACCOUNT}" --resource-group "{TF_STATE_RESOURCE_GROUP}" --location ${region} --sku Standard_ZRS --min-tls-version TLS1_2 --allow-blob-public-access false
az storage account blob-service-properties update --account-name "{TF_STATE_STORAGE_ACCOUNT}" --enable-versioning true
az storage container create --name tfstate --account-name "{TF_STATE_STORAGE_ACCOUNT}" --auth-mode login`,
  },
  docs: {
    cli: "Azure CLI (`az`) with the `ml` extension",
    prerequisites: [
      "An Azure subscription (`AZURE_SUBSCRIPTION_ID`) in an Entra ID tenant (`AZURE_TENANT_ID`)",
      'An app registration (`AZURE_CLIENT_ID`) with a federated credential for this repository\'s `production` environment (`az ad app federated-credential create --id <app> --parameters \'{"name":"github","issuer":"https://token.actions.githubusercontent.com","subject":"repo:<owner>/<repo>:environment:production","audiences":["api://AzureADTokenExchange"]}\'`), Contributor and User Access Administrator on the subscription and Storage Blob Data Contributor on the state account',
      "A storage account for Terraform state (`TF_STATE_STORAGE_ACCOUNT` in `TF_STATE_RESOURCE_GROUP`), versioned (below)",
    ],
    upload:
      'az storage blob upload --auth-mode login --overwrite --file model.json --blob-url "$(terraform output -raw model_bucket)/current/model.json"',
    exampleBucket: "https://youraccount.blob.core.windows.net/models",
    modelUri: (bucket, key) => `${bucket}/${key}`,
    encryption: (kms) => (kms ? "customer-managed key in Azure Key Vault" : "Microsoft-managed keys"),
    privateLink: "Private Endpoints",
    alarms: "Azure Monitor alert rules through an action group",
    budget: (usd) => `A Cost Management budget alerts at 80% of ${usd}/month.`,
    audit: (on) =>
      on
        ? "the Activity log exports to immutable Blob Storage; do not shorten its retention."
        : "export the Activity log to immutable storage if the data's classification rises.",
    pipelineRun:
      "image=<training image> model_bucket=$(terraform -chdir=infra/terraform output -raw model_bucket) compute_cluster=<cluster> envsubst '$image $model_bucket $compute_cluster' < pipelines/training_pipeline.yml > /tmp/pipeline.yml\naz ml job create --file /tmp/pipeline.yml --resource-group <group> --workspace-name <workspace>",
    restore: "blob versioning",
  },
  service: {
    storage: BLOB_STORAGE,
    // Event Hubs speaks both its own protocol and Kafka's; the SDK reads either namespace.
    stream: () => EVENTHUBS_STREAM,
    features: COSMOS_FEATURES,
    lambda: false,
    consumerEnv: () => "EVENTHUB_NAMESPACE=….servicebus.windows.net EVENTHUB_NAME=… COSMOS_ENDPOINT=…",
  },
  pipeline: azureMlPipeline,
};
