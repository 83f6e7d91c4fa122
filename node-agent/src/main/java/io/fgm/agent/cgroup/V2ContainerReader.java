package io.fgm.agent.cgroup;

import io.fgm.schema.ContainerRef;
import io.fgm.schema.Metric;
import java.nio.file.Path;

/** Reads a cgroup v2 container: every controller's files are in its one directory. */
public final class V2ContainerReader extends ContainerReader {
  private final HeldFile cpuStat;
  private final HeldFile cpuMax;
  private final HeldFile memCurrent;
  private final HeldFile memPeak;
  private final HeldFile memMax;
  private final HeldFile memStat;
  private final HeldFile memEvents;
  private final HeldFile ioStat;
  private final HeldFile pidsCurrent;
  private final HeldFile cpuPressure;
  private final HeldFile memPressure;
  private final HeldFile ioPressure;

  public V2ContainerReader(ContainerRef ref, Path dir, FdBudget budget) {
    super(ref, budget);
    cpuStat = hold(dir, "cpu.stat");
    cpuMax = hold(dir, "cpu.max");
    memCurrent = hold(dir, "memory.current");
    memPeak = hold(dir, "memory.peak");
    memMax = hold(dir, "memory.max");
    memStat = hold(dir, "memory.stat");
    memEvents = hold(dir, "memory.events");
    ioStat = hold(dir, "io.stat");
    pidsCurrent = hold(dir, "pids.current");
    cpuPressure = hold(dir, "cpu.pressure");
    memPressure = hold(dir, "memory.pressure");
    ioPressure = hold(dir, "io.pressure");
    procsFile(dir);
  }

  @Override
  protected void collectSlow(ReadBuffer buf, MetricValues out, ParseProblems problems) {
    readValue(memPeak, buf, Metric.MEMORY_PEAK_BYTES, false, out, problems);
    read(cpuMax, buf, CpuLimitParser::parseCpuMax, out, problems);
    readValue(memMax, buf, Metric.MEMORY_LIMIT_BYTES, false, out, problems);
  }

  @Override
  protected void collectMeasurements(ReadBuffer buf, MetricValues out, ParseProblems problems) {
    read(cpuStat, buf, CpuStatParser::parseV2, out, problems);
    readValue(memCurrent, buf, Metric.MEMORY_CURRENT_BYTES, false, out, problems);
    read(memStat, buf, MemoryStatParser::parseV2, out, problems);
    read(memEvents, buf, MemoryEventsParser::parseV2, out, problems);
    read(ioStat, buf, IoStatParser::parse, out, problems);
    readValue(pidsCurrent, buf, Metric.PIDS_CURRENT, false, out, problems);
    deriveWorkingSet(out);
  }

  @Override
  protected void collectPressure(ReadBuffer buf, MetricValues out, ParseProblems problems) {
    read(cpuPressure, buf, V2ContainerReader::cpuPsi, out, problems);
    read(memPressure, buf, V2ContainerReader::memoryPsi, out, problems);
    read(ioPressure, buf, V2ContainerReader::ioPsi, out, problems);
  }

  private static int cpuPsi(byte[] b, int len, MetricValues out) {
    return PressureParser.parse(b, len, PressureParser.Resource.CPU, out);
  }

  private static int memoryPsi(byte[] b, int len, MetricValues out) {
    return PressureParser.parse(b, len, PressureParser.Resource.MEMORY, out);
  }

  private static int ioPsi(byte[] b, int len, MetricValues out) {
    return PressureParser.parse(b, len, PressureParser.Resource.IO, out);
  }
}
