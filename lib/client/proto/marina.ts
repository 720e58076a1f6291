import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from './google/protobuf/FieldMask';
import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from './google/protobuf/ListValue';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from './google/protobuf/Struct';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from './google/protobuf/Value';
import type { AgentReply as _marina_v1_AgentReply, AgentReply__Output as _marina_v1_AgentReply__Output } from './marina/v1/AgentReply';
import type { AgentsClient as _marina_v1_AgentsClient, AgentsDefinition as _marina_v1_AgentsDefinition } from './marina/v1/Agents';
import type { Allocation as _marina_v1_Allocation, Allocation__Output as _marina_v1_Allocation__Output } from './marina/v1/Allocation';
import type { AllocationsClient as _marina_v1_AllocationsClient, AllocationsDefinition as _marina_v1_AllocationsDefinition } from './marina/v1/Allocations';
import type { ApiPostEvent as _marina_v1_ApiPostEvent, ApiPostEvent__Output as _marina_v1_ApiPostEvent__Output } from './marina/v1/ApiPostEvent';
import type { App as _marina_v1_App, App__Output as _marina_v1_App__Output } from './marina/v1/App';
import type { AppDeploymentReply as _marina_v1_AppDeploymentReply, AppDeploymentReply__Output as _marina_v1_AppDeploymentReply__Output } from './marina/v1/AppDeploymentReply';
import type { AppIdRequest as _marina_v1_AppIdRequest, AppIdRequest__Output as _marina_v1_AppIdRequest__Output } from './marina/v1/AppIdRequest';
import type { AppReply as _marina_v1_AppReply, AppReply__Output as _marina_v1_AppReply__Output } from './marina/v1/AppReply';
import type { AppTerminatedEvent as _marina_v1_AppTerminatedEvent, AppTerminatedEvent__Output as _marina_v1_AppTerminatedEvent__Output } from './marina/v1/AppTerminatedEvent';
import type { AppVersionRequest as _marina_v1_AppVersionRequest, AppVersionRequest__Output as _marina_v1_AppVersionRequest__Output } from './marina/v1/AppVersionRequest';
import type { AppVersionsReply as _marina_v1_AppVersionsReply, AppVersionsReply__Output as _marina_v1_AppVersionsReply__Output } from './marina/v1/AppVersionsReply';
import type { AppVolume as _marina_v1_AppVolume, AppVolume__Output as _marina_v1_AppVolume__Output } from './marina/v1/AppVolume';
import type { AppsClient as _marina_v1_AppsClient, AppsDefinition as _marina_v1_AppsDefinition } from './marina/v1/Apps';
import type { CommandCheck as _marina_v1_CommandCheck, CommandCheck__Output as _marina_v1_CommandCheck__Output } from './marina/v1/CommandCheck';
import type { Container as _marina_v1_Container, Container__Output as _marina_v1_Container__Output } from './marina/v1/Container';
import type { CreateAppRequest as _marina_v1_CreateAppRequest, CreateAppRequest__Output as _marina_v1_CreateAppRequest__Output } from './marina/v1/CreateAppRequest';
import type { DeleteDeploymentReply as _marina_v1_DeleteDeploymentReply, DeleteDeploymentReply__Output as _marina_v1_DeleteDeploymentReply__Output } from './marina/v1/DeleteDeploymentReply';
import type { DeleteDeploymentRequest as _marina_v1_DeleteDeploymentRequest, DeleteDeploymentRequest__Output as _marina_v1_DeleteDeploymentRequest__Output } from './marina/v1/DeleteDeploymentRequest';
import type { Deployment as _marina_v1_Deployment, Deployment__Output as _marina_v1_Deployment__Output } from './marina/v1/Deployment';
import type { DeploymentAction as _marina_v1_DeploymentAction, DeploymentAction__Output as _marina_v1_DeploymentAction__Output } from './marina/v1/DeploymentAction';
import type { DeploymentActionInfo as _marina_v1_DeploymentActionInfo, DeploymentActionInfo__Output as _marina_v1_DeploymentActionInfo__Output } from './marina/v1/DeploymentActionInfo';
import type { DeploymentEndEvent as _marina_v1_DeploymentEndEvent, DeploymentEndEvent__Output as _marina_v1_DeploymentEndEvent__Output } from './marina/v1/DeploymentEndEvent';
import type { DeploymentPlan as _marina_v1_DeploymentPlan, DeploymentPlan__Output as _marina_v1_DeploymentPlan__Output } from './marina/v1/DeploymentPlan';
import type { DeploymentRef as _marina_v1_DeploymentRef, DeploymentRef__Output as _marina_v1_DeploymentRef__Output } from './marina/v1/DeploymentRef';
import type { DeploymentResult as _marina_v1_DeploymentResult, DeploymentResult__Output as _marina_v1_DeploymentResult__Output } from './marina/v1/DeploymentResult';
import type { DeploymentStep as _marina_v1_DeploymentStep, DeploymentStep__Output as _marina_v1_DeploymentStep__Output } from './marina/v1/DeploymentStep';
import type { DeploymentStepEvent as _marina_v1_DeploymentStepEvent, DeploymentStepEvent__Output as _marina_v1_DeploymentStepEvent__Output } from './marina/v1/DeploymentStepEvent';
import type { DeploymentsClient as _marina_v1_DeploymentsClient, DeploymentsDefinition as _marina_v1_DeploymentsDefinition } from './marina/v1/Deployments';
import type { DockerContainer as _marina_v1_DockerContainer, DockerContainer__Output as _marina_v1_DockerContainer__Output } from './marina/v1/DockerContainer';
import type { DockerParameter as _marina_v1_DockerParameter, DockerParameter__Output as _marina_v1_DockerParameter__Output } from './marina/v1/DockerParameter';
import type { Event as _marina_v1_Event, Event__Output as _marina_v1_Event__Output } from './marina/v1/Event';
import type { EventStreamAttached as _marina_v1_EventStreamAttached, EventStreamAttached__Output as _marina_v1_EventStreamAttached__Output } from './marina/v1/EventStreamAttached';
import type { EventsClient as _marina_v1_EventsClient, EventsDefinition as _marina_v1_EventsDefinition } from './marina/v1/Events';
import type { EventsRequest as _marina_v1_EventsRequest, EventsRequest__Output as _marina_v1_EventsRequest__Output } from './marina/v1/EventsRequest';
import type { ExternalVolumeInfo as _marina_v1_ExternalVolumeInfo, ExternalVolumeInfo__Output as _marina_v1_ExternalVolumeInfo__Output } from './marina/v1/ExternalVolumeInfo';
import type { FailedHealthCheckEvent as _marina_v1_FailedHealthCheckEvent, FailedHealthCheckEvent__Output as _marina_v1_FailedHealthCheckEvent__Output } from './marina/v1/FailedHealthCheckEvent';
import type { FetchUri as _marina_v1_FetchUri, FetchUri__Output as _marina_v1_FetchUri__Output } from './marina/v1/FetchUri';
import type { GetAppRequest as _marina_v1_GetAppRequest, GetAppRequest__Output as _marina_v1_GetAppRequest__Output } from './marina/v1/GetAppRequest';
import type { GetGroupRequest as _marina_v1_GetGroupRequest, GetGroupRequest__Output as _marina_v1_GetGroupRequest__Output } from './marina/v1/GetGroupRequest';
import type { Group as _marina_v1_Group, Group__Output as _marina_v1_Group__Output } from './marina/v1/Group';
import type { GroupChangeFailed as _marina_v1_GroupChangeFailed, GroupChangeFailed__Output as _marina_v1_GroupChangeFailed__Output } from './marina/v1/GroupChangeFailed';
import type { GroupChangeSuccess as _marina_v1_GroupChangeSuccess, GroupChangeSuccess__Output as _marina_v1_GroupChangeSuccess__Output } from './marina/v1/GroupChangeSuccess';
import type { GroupIdRequest as _marina_v1_GroupIdRequest, GroupIdRequest__Output as _marina_v1_GroupIdRequest__Output } from './marina/v1/GroupIdRequest';
import type { GroupReply as _marina_v1_GroupReply, GroupReply__Output as _marina_v1_GroupReply__Output } from './marina/v1/GroupReply';
import type { GroupUpdate as _marina_v1_GroupUpdate, GroupUpdate__Output as _marina_v1_GroupUpdate__Output } from './marina/v1/GroupUpdate';
import type { GroupVersionRequest as _marina_v1_GroupVersionRequest, GroupVersionRequest__Output as _marina_v1_GroupVersionRequest__Output } from './marina/v1/GroupVersionRequest';
import type { GroupVersionsReply as _marina_v1_GroupVersionsReply, GroupVersionsReply__Output as _marina_v1_GroupVersionsReply__Output } from './marina/v1/GroupVersionsReply';
import type { GroupWriteReply as _marina_v1_GroupWriteReply, GroupWriteReply__Output as _marina_v1_GroupWriteReply__Output } from './marina/v1/GroupWriteReply';
import type { GroupWriteRequest as _marina_v1_GroupWriteRequest, GroupWriteRequest__Output as _marina_v1_GroupWriteRequest__Output } from './marina/v1/GroupWriteRequest';
import type { GroupsClient as _marina_v1_GroupsClient, GroupsDefinition as _marina_v1_GroupsDefinition } from './marina/v1/Groups';
import type { HealthCheck as _marina_v1_HealthCheck, HealthCheck__Output as _marina_v1_HealthCheck__Output } from './marina/v1/HealthCheck';
import type { HealthCheckResult as _marina_v1_HealthCheckResult, HealthCheckResult__Output as _marina_v1_HealthCheckResult__Output } from './marina/v1/HealthCheckResult';
import type { HealthStatusChangedEvent as _marina_v1_HealthStatusChangedEvent, HealthStatusChangedEvent__Output as _marina_v1_HealthStatusChangedEvent__Output } from './marina/v1/HealthStatusChangedEvent';
import type { HttpConfig as _marina_v1_HttpConfig, HttpConfig__Output as _marina_v1_HttpConfig__Output } from './marina/v1/HttpConfig';
import type { InfoClient as _marina_v1_InfoClient, InfoDefinition as _marina_v1_InfoDefinition } from './marina/v1/Info';
import type { InfoRequest as _marina_v1_InfoRequest, InfoRequest__Output as _marina_v1_InfoRequest__Output } from './marina/v1/InfoRequest';
import type { InspectAllocationsRequest as _marina_v1_InspectAllocationsRequest, InspectAllocationsRequest__Output as _marina_v1_InspectAllocationsRequest__Output } from './marina/v1/InspectAllocationsRequest';
import type { InstanceChangedEvent as _marina_v1_InstanceChangedEvent, InstanceChangedEvent__Output as _marina_v1_InstanceChangedEvent__Output } from './marina/v1/InstanceChangedEvent';
import type { InstanceHealthChangedEvent as _marina_v1_InstanceHealthChangedEvent, InstanceHealthChangedEvent__Output as _marina_v1_InstanceHealthChangedEvent__Output } from './marina/v1/InstanceHealthChangedEvent';
import type { IpAddress as _marina_v1_IpAddress, IpAddress__Output as _marina_v1_IpAddress__Output } from './marina/v1/IpAddress';
import type { JoinReply as _marina_v1_JoinReply, JoinReply__Output as _marina_v1_JoinReply__Output } from './marina/v1/JoinReply';
import type { JoinRequest as _marina_v1_JoinRequest, JoinRequest__Output as _marina_v1_JoinRequest__Output } from './marina/v1/JoinRequest';
import type { KeepAliveReply as _marina_v1_KeepAliveReply, KeepAliveReply__Output as _marina_v1_KeepAliveReply__Output } from './marina/v1/KeepAliveReply';
import type { KeepAliveRequest as _marina_v1_KeepAliveRequest, KeepAliveRequest__Output as _marina_v1_KeepAliveRequest__Output } from './marina/v1/KeepAliveRequest';
import type { KillAppTasksRequest as _marina_v1_KillAppTasksRequest, KillAppTasksRequest__Output as _marina_v1_KillAppTasksRequest__Output } from './marina/v1/KillAppTasksRequest';
import type { KillTasksReply as _marina_v1_KillTasksReply, KillTasksReply__Output as _marina_v1_KillTasksReply__Output } from './marina/v1/KillTasksReply';
import type { KillTasksRequest as _marina_v1_KillTasksRequest, KillTasksRequest__Output as _marina_v1_KillTasksRequest__Output } from './marina/v1/KillTasksRequest';
import type { LeaderClient as _marina_v1_LeaderClient, LeaderDefinition as _marina_v1_LeaderDefinition } from './marina/v1/Leader';
import type { LeaderInfo as _marina_v1_LeaderInfo, LeaderInfo__Output as _marina_v1_LeaderInfo__Output } from './marina/v1/LeaderInfo';
import type { LeaderRequest as _marina_v1_LeaderRequest, LeaderRequest__Output as _marina_v1_LeaderRequest__Output } from './marina/v1/LeaderRequest';
import type { ListAllocationsReply as _marina_v1_ListAllocationsReply, ListAllocationsReply__Output as _marina_v1_ListAllocationsReply__Output } from './marina/v1/ListAllocationsReply';
import type { ListAllocationsRequest as _marina_v1_ListAllocationsRequest, ListAllocationsRequest__Output as _marina_v1_ListAllocationsRequest__Output } from './marina/v1/ListAllocationsRequest';
import type { ListAppsReply as _marina_v1_ListAppsReply, ListAppsReply__Output as _marina_v1_ListAppsReply__Output } from './marina/v1/ListAppsReply';
import type { ListAppsRequest as _marina_v1_ListAppsRequest, ListAppsRequest__Output as _marina_v1_ListAppsRequest__Output } from './marina/v1/ListAppsRequest';
import type { ListDeploymentsReply as _marina_v1_ListDeploymentsReply, ListDeploymentsReply__Output as _marina_v1_ListDeploymentsReply__Output } from './marina/v1/ListDeploymentsReply';
import type { ListDeploymentsRequest as _marina_v1_ListDeploymentsRequest, ListDeploymentsRequest__Output as _marina_v1_ListDeploymentsRequest__Output } from './marina/v1/ListDeploymentsRequest';
import type { ListPodsReply as _marina_v1_ListPodsReply, ListPodsReply__Output as _marina_v1_ListPodsReply__Output } from './marina/v1/ListPodsReply';
import type { ListPodsRequest as _marina_v1_ListPodsRequest, ListPodsRequest__Output as _marina_v1_ListPodsRequest__Output } from './marina/v1/ListPodsRequest';
import type { ListPoliciesReply as _marina_v1_ListPoliciesReply, ListPoliciesReply__Output as _marina_v1_ListPoliciesReply__Output } from './marina/v1/ListPoliciesReply';
import type { ListPoliciesRequest as _marina_v1_ListPoliciesRequest, ListPoliciesRequest__Output as _marina_v1_ListPoliciesRequest__Output } from './marina/v1/ListPoliciesRequest';
import type { ListQueueReply as _marina_v1_ListQueueReply, ListQueueReply__Output as _marina_v1_ListQueueReply__Output } from './marina/v1/ListQueueReply';
import type { ListQueueRequest as _marina_v1_ListQueueRequest, ListQueueRequest__Output as _marina_v1_ListQueueRequest__Output } from './marina/v1/ListQueueRequest';
import type { ListTasksRequest as _marina_v1_ListTasksRequest, ListTasksRequest__Output as _marina_v1_ListTasksRequest__Output } from './marina/v1/ListTasksRequest';
import type { LocalVolumeId as _marina_v1_LocalVolumeId, LocalVolumeId__Output as _marina_v1_LocalVolumeId__Output } from './marina/v1/LocalVolumeId';
import type { MarathonConfig as _marina_v1_MarathonConfig, MarathonConfig__Output as _marina_v1_MarathonConfig__Output } from './marina/v1/MarathonConfig';
import type { MarathonInfo as _marina_v1_MarathonInfo, MarathonInfo__Output as _marina_v1_MarathonInfo__Output } from './marina/v1/MarathonInfo';
import type { Message as _marina_v1_Message, Message__Output as _marina_v1_Message__Output } from './marina/v1/Message';
import type { Network as _marina_v1_Network, Network__Output as _marina_v1_Network__Output } from './marina/v1/Network';
import type { ObjectChange as _marina_v1_ObjectChange, ObjectChange__Output as _marina_v1_ObjectChange__Output } from './marina/v1/ObjectChange';
import type { PersistentVolumeInfo as _marina_v1_PersistentVolumeInfo, PersistentVolumeInfo__Output as _marina_v1_PersistentVolumeInfo__Output } from './marina/v1/PersistentVolumeInfo';
import type { PlanGroup as _marina_v1_PlanGroup, PlanGroup__Output as _marina_v1_PlanGroup__Output } from './marina/v1/PlanGroup';
import type { Pod as _marina_v1_Pod, Pod__Output as _marina_v1_Pod__Output } from './marina/v1/Pod';
import type { PodBackoff as _marina_v1_PodBackoff, PodBackoff__Output as _marina_v1_PodBackoff__Output } from './marina/v1/PodBackoff';
import type { PodConstraint as _marina_v1_PodConstraint, PodConstraint__Output as _marina_v1_PodConstraint__Output } from './marina/v1/PodConstraint';
import type { PodContainer as _marina_v1_PodContainer, PodContainer__Output as _marina_v1_PodContainer__Output } from './marina/v1/PodContainer';
import type { PodContainerStatus as _marina_v1_PodContainerStatus, PodContainerStatus__Output as _marina_v1_PodContainerStatus__Output } from './marina/v1/PodContainerStatus';
import type { PodEndpoint as _marina_v1_PodEndpoint, PodEndpoint__Output as _marina_v1_PodEndpoint__Output } from './marina/v1/PodEndpoint';
import type { PodEndpointStatus as _marina_v1_PodEndpointStatus, PodEndpointStatus__Output as _marina_v1_PodEndpointStatus__Output } from './marina/v1/PodEndpointStatus';
import type { PodEvent as _marina_v1_PodEvent, PodEvent__Output as _marina_v1_PodEvent__Output } from './marina/v1/PodEvent';
import type { PodExec as _marina_v1_PodExec, PodExec__Output as _marina_v1_PodExec__Output } from './marina/v1/PodExec';
import type { PodHealthCheck as _marina_v1_PodHealthCheck, PodHealthCheck__Output as _marina_v1_PodHealthCheck__Output } from './marina/v1/PodHealthCheck';
import type { PodHttpCheck as _marina_v1_PodHttpCheck, PodHttpCheck__Output as _marina_v1_PodHttpCheck__Output } from './marina/v1/PodHttpCheck';
import type { PodIdRequest as _marina_v1_PodIdRequest, PodIdRequest__Output as _marina_v1_PodIdRequest__Output } from './marina/v1/PodIdRequest';
import type { PodInstanceStatus as _marina_v1_PodInstanceStatus, PodInstanceStatus__Output as _marina_v1_PodInstanceStatus__Output } from './marina/v1/PodInstanceStatus';
import type { PodLifecycle as _marina_v1_PodLifecycle, PodLifecycle__Output as _marina_v1_PodLifecycle__Output } from './marina/v1/PodLifecycle';
import type { PodNetworkStatus as _marina_v1_PodNetworkStatus, PodNetworkStatus__Output as _marina_v1_PodNetworkStatus__Output } from './marina/v1/PodNetworkStatus';
import type { PodPlacement as _marina_v1_PodPlacement, PodPlacement__Output as _marina_v1_PodPlacement__Output } from './marina/v1/PodPlacement';
import type { PodReply as _marina_v1_PodReply, PodReply__Output as _marina_v1_PodReply__Output } from './marina/v1/PodReply';
import type { PodRequest as _marina_v1_PodRequest, PodRequest__Output as _marina_v1_PodRequest__Output } from './marina/v1/PodRequest';
import type { PodResources as _marina_v1_PodResources, PodResources__Output as _marina_v1_PodResources__Output } from './marina/v1/PodResources';
import type { PodScaling as _marina_v1_PodScaling, PodScaling__Output as _marina_v1_PodScaling__Output } from './marina/v1/PodScaling';
import type { PodScheduling as _marina_v1_PodScheduling, PodScheduling__Output as _marina_v1_PodScheduling__Output } from './marina/v1/PodScheduling';
import type { PodStatus as _marina_v1_PodStatus, PodStatus__Output as _marina_v1_PodStatus__Output } from './marina/v1/PodStatus';
import type { PodStatusReply as _marina_v1_PodStatusReply, PodStatusReply__Output as _marina_v1_PodStatusReply__Output } from './marina/v1/PodStatusReply';
import type { PodTcpCheck as _marina_v1_PodTcpCheck, PodTcpCheck__Output as _marina_v1_PodTcpCheck__Output } from './marina/v1/PodTcpCheck';
import type { PodVolumeMount as _marina_v1_PodVolumeMount, PodVolumeMount__Output as _marina_v1_PodVolumeMount__Output } from './marina/v1/PodVolumeMount';
import type { PodsClient as _marina_v1_PodsClient, PodsDefinition as _marina_v1_PodsDefinition } from './marina/v1/Pods';
import type { PoliciesClient as _marina_v1_PoliciesClient, PoliciesDefinition as _marina_v1_PoliciesDefinition } from './marina/v1/Policies';
import type { PolicyIdRequest as _marina_v1_PolicyIdRequest, PolicyIdRequest__Output as _marina_v1_PolicyIdRequest__Output } from './marina/v1/PolicyIdRequest';
import type { PolicyReply as _marina_v1_PolicyReply, PolicyReply__Output as _marina_v1_PolicyReply__Output } from './marina/v1/PolicyReply';
import type { PolicyStatusAck as _marina_v1_PolicyStatusAck, PolicyStatusAck__Output as _marina_v1_PolicyStatusAck__Output } from './marina/v1/PolicyStatusAck';
import type { PolicyStatusReport as _marina_v1_PolicyStatusReport, PolicyStatusReport__Output as _marina_v1_PolicyStatusReport__Output } from './marina/v1/PolicyStatusReport';
import type { PolicyWriteRequest as _marina_v1_PolicyWriteRequest, PolicyWriteRequest__Output as _marina_v1_PolicyWriteRequest__Output } from './marina/v1/PolicyWriteRequest';
import type { PortDefinition as _marina_v1_PortDefinition, PortDefinition__Output as _marina_v1_PortDefinition__Output } from './marina/v1/PortDefinition';
import type { PortMapping as _marina_v1_PortMapping, PortMapping__Output as _marina_v1_PortMapping__Output } from './marina/v1/PortMapping';
import type { PortRange as _marina_v1_PortRange, PortRange__Output as _marina_v1_PortRange__Output } from './marina/v1/PortRange';
import type { ProcessedOffersSummary as _marina_v1_ProcessedOffersSummary, ProcessedOffersSummary__Output as _marina_v1_ProcessedOffersSummary__Output } from './marina/v1/ProcessedOffersSummary';
import type { ProgrammingLatencyAck as _marina_v1_ProgrammingLatencyAck, ProgrammingLatencyAck__Output as _marina_v1_ProgrammingLatencyAck__Output } from './marina/v1/ProgrammingLatencyAck';
import type { ProgrammingLatencyReport as _marina_v1_ProgrammingLatencyReport, ProgrammingLatencyReport__Output as _marina_v1_ProgrammingLatencyReport__Output } from './marina/v1/ProgrammingLatencyReport';
import type { QueueClient as _marina_v1_QueueClient, QueueDefinition as _marina_v1_QueueDefinition } from './marina/v1/Queue';
import type { QueueDelay as _marina_v1_QueueDelay, QueueDelay__Output as _marina_v1_QueueDelay__Output } from './marina/v1/QueueDelay';
import type { QueueItem as _marina_v1_QueueItem, QueueItem__Output as _marina_v1_QueueItem__Output } from './marina/v1/QueueItem';
import type { ReadinessCheckResult as _marina_v1_ReadinessCheckResult, ReadinessCheckResult__Output as _marina_v1_ReadinessCheckResult__Output } from './marina/v1/ReadinessCheckResult';
import type { RegisterAgentRequest as _marina_v1_RegisterAgentRequest, RegisterAgentRequest__Output as _marina_v1_RegisterAgentRequest__Output } from './marina/v1/RegisterAgentRequest';
import type { RejectSummary as _marina_v1_RejectSummary, RejectSummary__Output as _marina_v1_RejectSummary__Output } from './marina/v1/RejectSummary';
import type { ReleaseAllocationReply as _marina_v1_ReleaseAllocationReply, ReleaseAllocationReply__Output as _marina_v1_ReleaseAllocationReply__Output } from './marina/v1/ReleaseAllocationReply';
import type { ReleaseAllocationRequest as _marina_v1_ReleaseAllocationRequest, ReleaseAllocationRequest__Output as _marina_v1_ReleaseAllocationRequest__Output } from './marina/v1/ReleaseAllocationRequest';
import type { RenewRequest as _marina_v1_RenewRequest, RenewRequest__Output as _marina_v1_RenewRequest__Output } from './marina/v1/RenewRequest';
import type { ResetDelayReply as _marina_v1_ResetDelayReply, ResetDelayReply__Output as _marina_v1_ResetDelayReply__Output } from './marina/v1/ResetDelayReply';
import type { ResetDelayRequest as _marina_v1_ResetDelayRequest, ResetDelayRequest__Output as _marina_v1_ResetDelayRequest__Output } from './marina/v1/ResetDelayRequest';
import type { ScaleAppRequest as _marina_v1_ScaleAppRequest, ScaleAppRequest__Output as _marina_v1_ScaleAppRequest__Output } from './marina/v1/ScaleAppRequest';
import type { SecretDef as _marina_v1_SecretDef, SecretDef__Output as _marina_v1_SecretDef__Output } from './marina/v1/SecretDef';
import type { ShellCommand as _marina_v1_ShellCommand, ShellCommand__Output as _marina_v1_ShellCommand__Output } from './marina/v1/ShellCommand';
import type { StatusUpdateEvent as _marina_v1_StatusUpdateEvent, StatusUpdateEvent__Output as _marina_v1_StatusUpdateEvent__Output } from './marina/v1/StatusUpdateEvent';
import type { Task as _marina_v1_Task, Task__Output as _marina_v1_Task__Output } from './marina/v1/Task';
import type { TaskCounts as _marina_v1_TaskCounts, TaskCounts__Output as _marina_v1_TaskCounts__Output } from './marina/v1/TaskCounts';
import type { TaskFailure as _marina_v1_TaskFailure, TaskFailure__Output as _marina_v1_TaskFailure__Output } from './marina/v1/TaskFailure';
import type { TaskLifeTime as _marina_v1_TaskLifeTime, TaskLifeTime__Output as _marina_v1_TaskLifeTime__Output } from './marina/v1/TaskLifeTime';
import type { TaskStats as _marina_v1_TaskStats, TaskStats__Output as _marina_v1_TaskStats__Output } from './marina/v1/TaskStats';
import type { TaskStatsByVersion as _marina_v1_TaskStatsByVersion, TaskStatsByVersion__Output as _marina_v1_TaskStatsByVersion__Output } from './marina/v1/TaskStatsByVersion';
import type { TaskStatusReply as _marina_v1_TaskStatusReply, TaskStatusReply__Output as _marina_v1_TaskStatusReply__Output } from './marina/v1/TaskStatusReply';
import type { TaskStatusRequest as _marina_v1_TaskStatusRequest, TaskStatusRequest__Output as _marina_v1_TaskStatusRequest__Output } from './marina/v1/TaskStatusRequest';
import type { TasksClient as _marina_v1_TasksClient, TasksDefinition as _marina_v1_TasksDefinition } from './marina/v1/Tasks';
import type { TasksReply as _marina_v1_TasksReply, TasksReply__Output as _marina_v1_TasksReply__Output } from './marina/v1/TasksReply';
import type { TraceCheckReply as _marina_v1_TraceCheckReply, TraceCheckReply__Output as _marina_v1_TraceCheckReply__Output } from './marina/v1/TraceCheckReply';
import type { TraceCheckRequest as _marina_v1_TraceCheckRequest, TraceCheckRequest__Output as _marina_v1_TraceCheckRequest__Output } from './marina/v1/TraceCheckRequest';
import type { UnhealthyInstanceKillEvent as _marina_v1_UnhealthyInstanceKillEvent, UnhealthyInstanceKillEvent__Output as _marina_v1_UnhealthyInstanceKillEvent__Output } from './marina/v1/UnhealthyInstanceKillEvent';
import type { UnreachableStrategy as _marina_v1_UnreachableStrategy, UnreachableStrategy__Output as _marina_v1_UnreachableStrategy__Output } from './marina/v1/UnreachableStrategy';
import type { UpdateAppRequest as _marina_v1_UpdateAppRequest, UpdateAppRequest__Output as _marina_v1_UpdateAppRequest__Output } from './marina/v1/UpdateAppRequest';
import type { UpgradeStrategy as _marina_v1_UpgradeStrategy, UpgradeStrategy__Output as _marina_v1_UpgradeStrategy__Output } from './marina/v1/UpgradeStrategy';
import type { VersionInfo as _marina_v1_VersionInfo, VersionInfo__Output as _marina_v1_VersionInfo__Output } from './marina/v1/VersionInfo';
import type { WatchClient as _marina_v1_WatchClient, WatchDefinition as _marina_v1_WatchDefinition } from './marina/v1/Watch';
import type { WatchBatch as _marina_v1_WatchBatch, WatchBatch__Output as _marina_v1_WatchBatch__Output } from './marina/v1/WatchBatch';
import type { WatchMessage as _marina_v1_WatchMessage, WatchMessage__Output as _marina_v1_WatchMessage__Output } from './marina/v1/WatchMessage';
import type { WatchRequest as _marina_v1_WatchRequest, WatchRequest__Output as _marina_v1_WatchRequest__Output } from './marina/v1/WatchRequest';
import type { WatchSnapshot as _marina_v1_WatchSnapshot, WatchSnapshot__Output as _marina_v1_WatchSnapshot__Output } from './marina/v1/WatchSnapshot';
import type { ZookeeperConfig as _marina_v1_ZookeeperConfig, ZookeeperConfig__Output as _marina_v1_ZookeeperConfig__Output } from './marina/v1/ZookeeperConfig';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      FieldMask: MessageTypeDefinition<_google_protobuf_FieldMask, _google_protobuf_FieldMask__Output>
      ListValue: MessageTypeDefinition<_google_protobuf_ListValue, _google_protobuf_ListValue__Output>
      NullValue: EnumTypeDefinition
      Struct: MessageTypeDefinition<_google_protobuf_Struct, _google_protobuf_Struct__Output>
      Value: MessageTypeDefinition<_google_protobuf_Value, _google_protobuf_Value__Output>
    }
  }
  marina: {
    v1: {
      AgentReply: MessageTypeDefinition<_marina_v1_AgentReply, _marina_v1_AgentReply__Output>
      Agents: SubtypeConstructor<typeof grpc.Client, _marina_v1_AgentsClient> & { service: _marina_v1_AgentsDefinition }
      Allocation: MessageTypeDefinition<_marina_v1_Allocation, _marina_v1_Allocation__Output>
      Allocations: SubtypeConstructor<typeof grpc.Client, _marina_v1_AllocationsClient> & { service: _marina_v1_AllocationsDefinition }
      ApiPostEvent: MessageTypeDefinition<_marina_v1_ApiPostEvent, _marina_v1_ApiPostEvent__Output>
      App: MessageTypeDefinition<_marina_v1_App, _marina_v1_App__Output>
      AppDeploymentReply: MessageTypeDefinition<_marina_v1_AppDeploymentReply, _marina_v1_AppDeploymentReply__Output>
      AppIdRequest: MessageTypeDefinition<_marina_v1_AppIdRequest, _marina_v1_AppIdRequest__Output>
      AppReply: MessageTypeDefinition<_marina_v1_AppReply, _marina_v1_AppReply__Output>
      AppTerminatedEvent: MessageTypeDefinition<_marina_v1_AppTerminatedEvent, _marina_v1_AppTerminatedEvent__Output>
      AppVersionRequest: MessageTypeDefinition<_marina_v1_AppVersionRequest, _marina_v1_AppVersionRequest__Output>
      AppVersionsReply: MessageTypeDefinition<_marina_v1_AppVersionsReply, _marina_v1_AppVersionsReply__Output>
      AppVolume: MessageTypeDefinition<_marina_v1_AppVolume, _marina_v1_AppVolume__Output>
      Apps: SubtypeConstructor<typeof grpc.Client, _marina_v1_AppsClient> & { service: _marina_v1_AppsDefinition }
      CommandCheck: MessageTypeDefinition<_marina_v1_CommandCheck, _marina_v1_CommandCheck__Output>
      Container: MessageTypeDefinition<_marina_v1_Container, _marina_v1_Container__Output>
      CreateAppRequest: MessageTypeDefinition<_marina_v1_CreateAppRequest, _marina_v1_CreateAppRequest__Output>
      DeleteDeploymentReply: MessageTypeDefinition<_marina_v1_DeleteDeploymentReply, _marina_v1_DeleteDeploymentReply__Output>
      DeleteDeploymentRequest: MessageTypeDefinition<_marina_v1_DeleteDeploymentRequest, _marina_v1_DeleteDeploymentRequest__Output>
      Deployment: MessageTypeDefinition<_marina_v1_Deployment, _marina_v1_Deployment__Output>
      DeploymentAction: MessageTypeDefinition<_marina_v1_DeploymentAction, _marina_v1_DeploymentAction__Output>
      DeploymentActionInfo: MessageTypeDefinition<_marina_v1_DeploymentActionInfo, _marina_v1_DeploymentActionInfo__Output>
      DeploymentEndEvent: MessageTypeDefinition<_marina_v1_DeploymentEndEvent, _marina_v1_DeploymentEndEvent__Output>
      DeploymentPlan: MessageTypeDefinition<_marina_v1_DeploymentPlan, _marina_v1_DeploymentPlan__Output>
      DeploymentRef: MessageTypeDefinition<_marina_v1_DeploymentRef, _marina_v1_DeploymentRef__Output>
      DeploymentResult: MessageTypeDefinition<_marina_v1_DeploymentResult, _marina_v1_DeploymentResult__Output>
      DeploymentStep: MessageTypeDefinition<_marina_v1_DeploymentStep, _marina_v1_DeploymentStep__Output>
      DeploymentStepEvent: MessageTypeDefinition<_marina_v1_DeploymentStepEvent, _marina_v1_DeploymentStepEvent__Output>
      Deployments: SubtypeConstructor<typeof grpc.Client, _marina_v1_DeploymentsClient> & { service: _marina_v1_DeploymentsDefinition }
      DockerContainer: MessageTypeDefinition<_marina_v1_DockerContainer, _marina_v1_DockerContainer__Output>
      DockerParameter: MessageTypeDefinition<_marina_v1_DockerParameter, _marina_v1_DockerParameter__Output>
      Event: MessageTypeDefinition<_marina_v1_Event, _marina_v1_Event__Output>
      EventStreamAttached: MessageTypeDefinition<_marina_v1_EventStreamAttached, _marina_v1_EventStreamAttached__Output>
      Events: SubtypeConstructor<typeof grpc.Client, _marina_v1_EventsClient> & { service: _marina_v1_EventsDefinition }
      EventsRequest: MessageTypeDefinition<_marina_v1_EventsRequest, _marina_v1_EventsRequest__Output>
      ExternalVolumeInfo: MessageTypeDefinition<_marina_v1_ExternalVolumeInfo, _marina_v1_ExternalVolumeInfo__Output>
      FailedHealthCheckEvent: MessageTypeDefinition<_marina_v1_FailedHealthCheckEvent, _marina_v1_FailedHealthCheckEvent__Output>
      FetchUri: MessageTypeDefinition<_marina_v1_FetchUri, _marina_v1_FetchUri__Output>
      GetAppRequest: MessageTypeDefinition<_marina_v1_GetAppRequest, _marina_v1_GetAppRequest__Output>
      GetGroupRequest: MessageTypeDefinition<_marina_v1_GetGroupRequest, _marina_v1_GetGroupRequest__Output>
      Group: MessageTypeDefinition<_marina_v1_Group, _marina_v1_Group__Output>
      GroupChangeFailed: MessageTypeDefinition<_marina_v1_GroupChangeFailed, _marina_v1_GroupChangeFailed__Output>
      GroupChangeSuccess: MessageTypeDefinition<_marina_v1_GroupChangeSuccess, _marina_v1_GroupChangeSuccess__Output>
      GroupIdRequest: MessageTypeDefinition<_marina_v1_GroupIdRequest, _marina_v1_GroupIdRequest__Output>
      GroupReply: MessageTypeDefinition<_marina_v1_GroupReply, _marina_v1_GroupReply__Output>
      GroupUpdate: MessageTypeDefinition<_marina_v1_GroupUpdate, _marina_v1_GroupUpdate__Output>
      GroupVersionRequest: MessageTypeDefinition<_marina_v1_GroupVersionRequest, _marina_v1_GroupVersionRequest__Output>
      GroupVersionsReply: MessageTypeDefinition<_marina_v1_GroupVersionsReply, _marina_v1_GroupVersionsReply__Output>
      GroupWriteReply: MessageTypeDefinition<_marina_v1_GroupWriteReply, _marina_v1_GroupWriteReply__Output>
      GroupWriteRequest: MessageTypeDefinition<_marina_v1_GroupWriteRequest, _marina_v1_GroupWriteRequest__Output>
      Groups: SubtypeConstructor<typeof grpc.Client, _marina_v1_GroupsClient> & { service: _marina_v1_GroupsDefinition }
      HealthCheck: MessageTypeDefinition<_marina_v1_HealthCheck, _marina_v1_HealthCheck__Output>
      HealthCheckResult: MessageTypeDefinition<_marina_v1_HealthCheckResult, _marina_v1_HealthCheckResult__Output>
      HealthStatusChangedEvent: MessageTypeDefinition<_marina_v1_HealthStatusChangedEvent, _marina_v1_HealthStatusChangedEvent__Output>
      HttpConfig: MessageTypeDefinition<_marina_v1_HttpConfig, _marina_v1_HttpConfig__Output>
      Info: SubtypeConstructor<typeof grpc.Client, _marina_v1_InfoClient> & { service: _marina_v1_InfoDefinition }
      InfoRequest: MessageTypeDefinition<_marina_v1_InfoRequest, _marina_v1_InfoRequest__Output>
      InspectAllocationsRequest: MessageTypeDefinition<_marina_v1_InspectAllocationsRequest, _marina_v1_InspectAllocationsRequest__Output>
      InstanceChangedEvent: MessageTypeDefinition<_marina_v1_InstanceChangedEvent, _marina_v1_InstanceChangedEvent__Output>
      InstanceHealthChangedEvent: MessageTypeDefinition<_marina_v1_InstanceHealthChangedEvent, _marina_v1_InstanceHealthChangedEvent__Output>
      IpAddress: MessageTypeDefinition<_marina_v1_IpAddress, _marina_v1_IpAddress__Output>
      JoinReply: MessageTypeDefinition<_marina_v1_JoinReply, _marina_v1_JoinReply__Output>
      JoinRequest: MessageTypeDefinition<_marina_v1_JoinRequest, _marina_v1_JoinRequest__Output>
      KeepAliveReply: MessageTypeDefinition<_marina_v1_KeepAliveReply, _marina_v1_KeepAliveReply__Output>
      KeepAliveRequest: MessageTypeDefinition<_marina_v1_KeepAliveRequest, _marina_v1_KeepAliveRequest__Output>
      KillAppTasksRequest: MessageTypeDefinition<_marina_v1_KillAppTasksRequest, _marina_v1_KillAppTasksRequest__Output>
      KillTasksReply: MessageTypeDefinition<_marina_v1_KillTasksReply, _marina_v1_KillTasksReply__Output>
      KillTasksRequest: MessageTypeDefinition<_marina_v1_KillTasksRequest, _marina_v1_KillTasksRequest__Output>
      Leader: SubtypeConstructor<typeof grpc.Client, _marina_v1_LeaderClient> & { service: _marina_v1_LeaderDefinition }
      LeaderInfo: MessageTypeDefinition<_marina_v1_LeaderInfo, _marina_v1_LeaderInfo__Output>
      LeaderRequest: MessageTypeDefinition<_marina_v1_LeaderRequest, _marina_v1_LeaderRequest__Output>
      ListAllocationsReply: MessageTypeDefinition<_marina_v1_ListAllocationsReply, _marina_v1_ListAllocationsReply__Output>
      ListAllocationsRequest: MessageTypeDefinition<_marina_v1_ListAllocationsRequest, _marina_v1_ListAllocationsRequest__Output>
      ListAppsReply: MessageTypeDefinition<_marina_v1_ListAppsReply, _marina_v1_ListAppsReply__Output>
      ListAppsRequest: MessageTypeDefinition<_marina_v1_ListAppsRequest, _marina_v1_ListAppsRequest__Output>
      ListDeploymentsReply: MessageTypeDefinition<_marina_v1_ListDeploymentsReply, _marina_v1_ListDeploymentsReply__Output>
      ListDeploymentsRequest: MessageTypeDefinition<_marina_v1_ListDeploymentsRequest, _marina_v1_ListDeploymentsRequest__Output>
      ListPodsReply: MessageTypeDefinition<_marina_v1_ListPodsReply, _marina_v1_ListPodsReply__Output>
      ListPodsRequest: MessageTypeDefinition<_marina_v1_ListPodsRequest, _marina_v1_ListPodsRequest__Output>
      ListPoliciesReply: MessageTypeDefinition<_marina_v1_ListPoliciesReply, _marina_v1_ListPoliciesReply__Output>
      ListPoliciesRequest: MessageTypeDefinition<_marina_v1_ListPoliciesRequest, _marina_v1_ListPoliciesRequest__Output>
      ListQueueReply: MessageTypeDefinition<_marina_v1_ListQueueReply, _marina_v1_ListQueueReply__Output>
      ListQueueRequest: MessageTypeDefinition<_marina_v1_ListQueueRequest, _marina_v1_ListQueueRequest__Output>
      ListTasksRequest: MessageTypeDefinition<_marina_v1_ListTasksRequest, _marina_v1_ListTasksRequest__Output>
      LocalVolumeId: MessageTypeDefinition<_marina_v1_LocalVolumeId, _marina_v1_LocalVolumeId__Output>
      MarathonConfig: MessageTypeDefinition<_marina_v1_MarathonConfig, _marina_v1_MarathonConfig__Output>
      MarathonInfo: MessageTypeDefinition<_marina_v1_MarathonInfo, _marina_v1_MarathonInfo__Output>
      Message: MessageTypeDefinition<_marina_v1_Message, _marina_v1_Message__Output>
      Network: MessageTypeDefinition<_marina_v1_Network, _marina_v1_Network__Output>
      ObjectChange: MessageTypeDefinition<_marina_v1_ObjectChange, _marina_v1_ObjectChange__Output>
      PersistentVolumeInfo: MessageTypeDefinition<_marina_v1_PersistentVolumeInfo, _marina_v1_PersistentVolumeInfo__Output>
      PlanGroup: MessageTypeDefinition<_marina_v1_PlanGroup, _marina_v1_PlanGroup__Output>
      Pod: MessageTypeDefinition<_marina_v1_Pod, _marina_v1_Pod__Output>
      PodBackoff: MessageTypeDefinition<_marina_v1_PodBackoff, _marina_v1_PodBackoff__Output>
      PodConstraint: MessageTypeDefinition<_marina_v1_PodConstraint, _marina_v1_PodConstraint__Output>
      PodContainer: MessageTypeDefinition<_marina_v1_PodContainer, _marina_v1_PodContainer__Output>
      PodContainerStatus: MessageTypeDefinition<_marina_v1_PodContainerStatus, _marina_v1_PodContainerStatus__Output>
      PodEndpoint: MessageTypeDefinition<_marina_v1_PodEndpoint, _marina_v1_PodEndpoint__Output>
      PodEndpointStatus: MessageTypeDefinition<_marina_v1_PodEndpointStatus, _marina_v1_PodEndpointStatus__Output>
      PodEvent: MessageTypeDefinition<_marina_v1_PodEvent, _marina_v1_PodEvent__Output>
      PodExec: MessageTypeDefinition<_marina_v1_PodExec, _marina_v1_PodExec__Output>
      PodHealthCheck: MessageTypeDefinition<_marina_v1_PodHealthCheck, _marina_v1_PodHealthCheck__Output>
      PodHttpCheck: MessageTypeDefinition<_marina_v1_PodHttpCheck, _marina_v1_PodHttpCheck__Output>
      PodIdRequest: MessageTypeDefinition<_marina_v1_PodIdRequest, _marina_v1_PodIdRequest__Output>
      PodInstanceStatus: MessageTypeDefinition<_marina_v1_PodInstanceStatus, _marina_v1_PodInstanceStatus__Output>
      PodLifecycle: MessageTypeDefinition<_marina_v1_PodLifecycle, _marina_v1_PodLifecycle__Output>
      PodNetworkStatus: MessageTypeDefinition<_marina_v1_PodNetworkStatus, _marina_v1_PodNetworkStatus__Output>
      PodPlacement: MessageTypeDefinition<_marina_v1_PodPlacement, _marina_v1_PodPlacement__Output>
      PodReply: MessageTypeDefinition<_marina_v1_PodReply, _marina_v1_PodReply__Output>
      PodRequest: MessageTypeDefinition<_marina_v1_PodRequest, _marina_v1_PodRequest__Output>
      PodResources: MessageTypeDefinition<_marina_v1_PodResources, _marina_v1_PodResources__Output>
      PodScaling: MessageTypeDefinition<_marina_v1_PodScaling, _marina_v1_PodScaling__Output>
      PodScheduling: MessageTypeDefinition<_marina_v1_PodScheduling, _marina_v1_PodScheduling__Output>
      PodStatus: MessageTypeDefinition<_marina_v1_PodStatus, _marina_v1_PodStatus__Output>
      PodStatusReply: MessageTypeDefinition<_marina_v1_PodStatusReply, _marina_v1_PodStatusReply__Output>
      PodTcpCheck: MessageTypeDefinition<_marina_v1_PodTcpCheck, _marina_v1_PodTcpCheck__Output>
      PodVolumeMount: MessageTypeDefinition<_marina_v1_PodVolumeMount, _marina_v1_PodVolumeMount__Output>
      Pods: SubtypeConstructor<typeof grpc.Client, _marina_v1_PodsClient> & { service: _marina_v1_PodsDefinition }
      Policies: SubtypeConstructor<typeof grpc.Client, _marina_v1_PoliciesClient> & { service: _marina_v1_PoliciesDefinition }
      PolicyIdRequest: MessageTypeDefinition<_marina_v1_PolicyIdRequest, _marina_v1_PolicyIdRequest__Output>
      PolicyReply: MessageTypeDefinition<_marina_v1_PolicyReply, _marina_v1_PolicyReply__Output>
      PolicyStatusAck: MessageTypeDefinition<_marina_v1_PolicyStatusAck, _marina_v1_PolicyStatusAck__Output>
      PolicyStatusReport: MessageTypeDefinition<_marina_v1_PolicyStatusReport, _marina_v1_PolicyStatusReport__Output>
      PolicyWriteRequest: MessageTypeDefinition<_marina_v1_PolicyWriteRequest, _marina_v1_PolicyWriteRequest__Output>
      PortDefinition: MessageTypeDefinition<_marina_v1_PortDefinition, _marina_v1_PortDefinition__Output>
      PortMapping: MessageTypeDefinition<_marina_v1_PortMapping, _marina_v1_PortMapping__Output>
      PortRange: MessageTypeDefinition<_marina_v1_PortRange, _marina_v1_PortRange__Output>
      ProcessedOffersSummary: MessageTypeDefinition<_marina_v1_ProcessedOffersSummary, _marina_v1_ProcessedOffersSummary__Output>
      ProgrammingLatencyAck: MessageTypeDefinition<_marina_v1_ProgrammingLatencyAck, _marina_v1_ProgrammingLatencyAck__Output>
      ProgrammingLatencyReport: MessageTypeDefinition<_marina_v1_ProgrammingLatencyReport, _marina_v1_ProgrammingLatencyReport__Output>
      Queue: SubtypeConstructor<typeof grpc.Client, _marina_v1_QueueClient> & { service: _marina_v1_QueueDefinition }
      QueueDelay: MessageTypeDefinition<_marina_v1_QueueDelay, _marina_v1_QueueDelay__Output>
      QueueItem: MessageTypeDefinition<_marina_v1_QueueItem, _marina_v1_QueueItem__Output>
      ReadinessCheckResult: MessageTypeDefinition<_marina_v1_ReadinessCheckResult, _marina_v1_ReadinessCheckResult__Output>
      RegisterAgentRequest: MessageTypeDefinition<_marina_v1_RegisterAgentRequest, _marina_v1_RegisterAgentRequest__Output>
      RejectSummary: MessageTypeDefinition<_marina_v1_RejectSummary, _marina_v1_RejectSummary__Output>
      ReleaseAllocationReply: MessageTypeDefinition<_marina_v1_ReleaseAllocationReply, _marina_v1_ReleaseAllocationReply__Output>
      ReleaseAllocationRequest: MessageTypeDefinition<_marina_v1_ReleaseAllocationRequest, _marina_v1_ReleaseAllocationRequest__Output>
      RenewRequest: MessageTypeDefinition<_marina_v1_RenewRequest, _marina_v1_RenewRequest__Output>
      ResetDelayReply: MessageTypeDefinition<_marina_v1_ResetDelayReply, _marina_v1_ResetDelayReply__Output>
      ResetDelayRequest: MessageTypeDefinition<_marina_v1_ResetDelayRequest, _marina_v1_ResetDelayRequest__Output>
      ScaleAppRequest: MessageTypeDefinition<_marina_v1_ScaleAppRequest, _marina_v1_ScaleAppRequest__Output>
      SecretDef: MessageTypeDefinition<_marina_v1_SecretDef, _marina_v1_SecretDef__Output>
      ShellCommand: MessageTypeDefinition<_marina_v1_ShellCommand, _marina_v1_ShellCommand__Output>
      StatusUpdateEvent: MessageTypeDefinition<_marina_v1_StatusUpdateEvent, _marina_v1_StatusUpdateEvent__Output>
      Task: MessageTypeDefinition<_marina_v1_Task, _marina_v1_Task__Output>
      TaskCounts: MessageTypeDefinition<_marina_v1_TaskCounts, _marina_v1_TaskCounts__Output>
      TaskFailure: MessageTypeDefinition<_marina_v1_TaskFailure, _marina_v1_TaskFailure__Output>
      TaskLifeTime: MessageTypeDefinition<_marina_v1_TaskLifeTime, _marina_v1_TaskLifeTime__Output>
      TaskStats: MessageTypeDefinition<_marina_v1_TaskStats, _marina_v1_TaskStats__Output>
      TaskStatsByVersion: MessageTypeDefinition<_marina_v1_TaskStatsByVersion, _marina_v1_TaskStatsByVersion__Output>
      TaskStatusReply: MessageTypeDefinition<_marina_v1_TaskStatusReply, _marina_v1_TaskStatusReply__Output>
      TaskStatusRequest: MessageTypeDefinition<_marina_v1_TaskStatusRequest, _marina_v1_TaskStatusRequest__Output>
      Tasks: SubtypeConstructor<typeof grpc.Client, _marina_v1_TasksClient> & { service: _marina_v1_TasksDefinition }
      TasksReply: MessageTypeDefinition<_marina_v1_TasksReply, _marina_v1_TasksReply__Output>
      TraceCheckReply: MessageTypeDefinition<_marina_v1_TraceCheckReply, _marina_v1_TraceCheckReply__Output>
      TraceCheckRequest: MessageTypeDefinition<_marina_v1_TraceCheckRequest, _marina_v1_TraceCheckRequest__Output>
      UnhealthyInstanceKillEvent: MessageTypeDefinition<_marina_v1_UnhealthyInstanceKillEvent, _marina_v1_UnhealthyInstanceKillEvent__Output>
      UnreachableStrategy: MessageTypeDefinition<_marina_v1_UnreachableStrategy, _marina_v1_UnreachableStrategy__Output>
      UpdateAppRequest: MessageTypeDefinition<_marina_v1_UpdateAppRequest, _marina_v1_UpdateAppRequest__Output>
      UpgradeStrategy: MessageTypeDefinition<_marina_v1_UpgradeStrategy, _marina_v1_UpgradeStrategy__Output>
      VersionInfo: MessageTypeDefinition<_marina_v1_VersionInfo, _marina_v1_VersionInfo__Output>
      Watch: SubtypeConstructor<typeof grpc.Client, _marina_v1_WatchClient> & { service: _marina_v1_WatchDefinition }
      WatchBatch: MessageTypeDefinition<_marina_v1_WatchBatch, _marina_v1_WatchBatch__Output>
      WatchMessage: MessageTypeDefinition<_marina_v1_WatchMessage, _marina_v1_WatchMessage__Output>
      WatchRequest: MessageTypeDefinition<_marina_v1_WatchRequest, _marina_v1_WatchRequest__Output>
      WatchSnapshot: MessageTypeDefinition<_marina_v1_WatchSnapshot, _marina_v1_WatchSnapshot__Output>
      ZookeeperConfig: MessageTypeDefinition<_marina_v1_ZookeeperConfig, _marina_v1_ZookeeperConfig__Output>
    }
  }
}

