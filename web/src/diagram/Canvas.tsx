// The React Flow canvas: draws a diagram (pan, zoom, fit view, minimap) and reports drags,
// which pin the dragged nodes for the project.

import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useNodesState,
  useReactFlow,
  type NodeTypes,
  type EdgeTypes,
  type OnNodeDrag,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, type ReactElement } from "react";

import type { Diagram } from "./model";
import type { DiagramDiff } from "./diff";
import { RoutedEdgeView, ShapeNodeView, ZoneNodeView } from "./nodes";
import { toFlow, type ShapeNode } from "./toFlow";

const nodeTypes: NodeTypes = { shape: ShapeNodeView, zone: ZoneNodeView };
const edgeTypes: EdgeTypes = { routed: RoutedEdgeView };

export interface CanvasProps {
  diagram: Diagram;
  pinned: ReadonlySet<string>;
  marks: DiagramDiff | null;
  /** Dragging pins nodes only where the diagram is the project's current one. */
  editable: boolean;
  onPin: (nodeId: string, x: number, y: number) => void;
  /** The selected nodes, whenever the selection changes. */
  onSelect?: (nodeIds: string[]) => void;
}

function Flow({ diagram, pinned, marks, editable, onPin, onSelect }: CanvasProps): ReactElement {
  const flow = useMemo(
    () => toFlow(diagram, { pinned, marks: marks ?? undefined, draggable: editable }),
    [diagram, pinned, marks, editable],
  );
  const [nodes, setNodes, onNodesChange] = useNodesState<ShapeNode>(flow.nodes);
  const { fitView, getInternalNode } = useReactFlow();
  // Where the user dropped nodes on this diagram: a new pin set or diff marks redraw the
  // nodes, and a dropped node must stay where it was dropped.
  const dropped = useRef(new Map<string, { x: number; y: number }>());
  const shownDiagram = useRef(diagram);

  useEffect(() => {
    const sameDiagram = shownDiagram.current === diagram;
    if (!sameDiagram) {
      shownDiagram.current = diagram;
      dropped.current.clear();
    }
    const moved = dropped.current;
    setNodes((previous) => {
      // on the same diagram, the selection survives a redraw too
      const selected = new Set(sameDiagram ? previous.filter((n) => n.selected).map((n) => n.id) : []);
      return flow.nodes.map((n) => {
        const at = moved.get(n.id);
        return at || selected.has(n.id) ? { ...n, position: at ?? n.position, selected: selected.has(n.id) } : n;
      });
    });
  }, [diagram, flow.nodes, setNodes]);

  // A new diagram (not a new pin) is fitted to the view once its nodes are in.
  useEffect(() => {
    const frame = requestAnimationFrame(() => void fitView({ padding: 0.08, duration: 0 }));
    return () => cancelAnimationFrame(frame);
  }, [diagram, fitView]);

  const onNodeDragStop: OnNodeDrag<ShapeNode> = useCallback(
    (_event, _node, dragged) => {
      for (const n of dragged) {
        dropped.current.set(n.id, n.position);
        const internal = getInternalNode(n.id);
        const at = internal?.internals.positionAbsolute ?? n.position;
        onPin(n.id, Math.round(at.x * 100) / 100, Math.round(at.y * 100) / 100);
      }
    },
    [getInternalNode, onPin],
  );

  const onSelectionChange = useCallback(
    ({ nodes: selected }: { nodes: ShapeNode[] }) => onSelect?.(selected.map((n) => n.id)),
    [onSelect],
  );

  return (
    <ReactFlow<ShapeNode>
      nodes={nodes}
      edges={flow.edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onNodeDragStop={onNodeDragStop}
      onSelectionChange={onSelectionChange}
      nodesConnectable={false}
      edgesFocusable={false}
      elevateEdgesOnSelect={false}
      minZoom={0.05}
      maxZoom={4}
      fitView
      fitViewOptions={{ padding: 0.08 }}
      deleteKeyCode={null}
    >
      <Background gap={16} color="#e2e8f0" />
      <Controls showInteractive={false} />
      <MiniMap
        pannable
        zoomable
        ariaLabel="Minimap"
        nodeColor={(n) => (n as ShapeNode).data.colours.fill}
        nodeStrokeColor={(n) => (n as ShapeNode).data.colours.stroke}
      />
    </ReactFlow>
  );
}

export function Canvas(props: CanvasProps): ReactElement {
  return (
    <ReactFlowProvider>
      <Flow {...props} />
    </ReactFlowProvider>
  );
}
