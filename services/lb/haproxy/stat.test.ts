import { parseShowStat } from './stat';

// `show stat` of haproxy 2.6.12 (Debian 12): a frontend, a backend with one live slot and one in maintenance.
const CSV = [
  '# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,agent_duration,check_desc,agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr,cookie',
  'f,FRONTEND,,,0,1,9986,1,82,217,0,0,0,,,,,OPEN,,,,,,,,,1,2,0,,,,0,0,0,1,,,,0,0,0,0,1,0,,0,1,1,,,0,0,0,0,,,,,,,,,,,,,,,,,,,,,http,,0',
  'marina_web_0,s1,0,0,2,1,,4,82,217,,0,,1,0,3,0,no check,1,1,0,,,3,,,1,3,1,,1,,2,1,,1,,,,0,0,0,0,0,0,,,,0,0,0,,,,,0,,,0,0,0,0,,,,,,,,,,,,127.0.0.1:24112,,http',
  'marina_web_0,s2,0,0,0,0,,0,0,0,,0,,0,0,0,0,MAINT,1,1,0,,,3,,,1,3,2,,0,,2,0,,0,,,,0,0,0,0,0,0,,,,0,0,0,,,,,-1,,,0,0,0,0,,,,,,,,,,,,127.0.0.1:24113,,http',
  'marina_web_0,BACKEND,0,0,0,1,999,1,82,217,0,0,,1,0,3,0,UP,1,1,0,,0,3,0,,1,3,0,,1,,1,0,,1',
  '',
].join('\n');

test('servers by backend, aggregates left out, columns found by name', () => {
  const m = parseShowStat(CSV);
  expect([...m.keys()]).toEqual(['marina_web_0']);
  expect(m.get('marina_web_0')).toEqual([
    // HTTP counts requests (req_tot), not sessions: the 4 sessions here were a refused connect and 3 retries.
    { slot: 's1', addr: '127.0.0.1:24112', status: 'no check', active: 2, requests: 0, errors: 1 },
    { slot: 's2', addr: '127.0.0.1:24113', status: 'MAINT', active: 0, requests: 0, errors: 0 },
  ]);
});

test('TCP backends (no req_tot) count sessions', () => {
  const tcp = ['# pxname,svname,scur,stot,econ,eresp,status,req_tot,addr', 'marina_db_0,s1,1,9,0,0,UP,,198.18.0.5:5432', ''].join('\n');
  expect(parseShowStat(tcp).get('marina_db_0')).toEqual([{ slot: 's1', addr: '198.18.0.5:5432', status: 'UP', active: 1, requests: 9, errors: 0 }]);
});

test('no header (an error answer) gives nothing', () => {
  expect(parseShowStat('Unknown command\n').size).toBe(0);
});
