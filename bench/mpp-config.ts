// Generates a config folder the size of a large office: N phones with distinct MACs and addresses, a common.yml
// of ~1,100 Cisco MPP parameters (per-line settings for 10 lines, line keys, tones, regional, provisioning) and
// a schema.yml that lists every one of them. Other benchmarks (provisioning storm, reports) reuse it.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { toYaml } from "../lib/yaml.ts";

export interface GeneratedConfig {
  dir: string;
  /** The phones' MACs, 12 lower-case hex digits. */
  macs: string[];
  commonParams: number;
  /** common.yml's parameters. */
  common: Record<string, string>;
  /** Phone `index`'s own parameters from phones.yml (without mac and ip_address). */
  phoneParams(index: number): Record<string, string>;
  /** What a phone's profile sets, common.yml and its own parameters: what it reports back. */
  reportParams(index: number): Record<string, string>;
}

const LINES = 10;

/** The phones' model and firmware as their User-Agent names them; the firmware is the expected one (no upgrade). */
export const PHONE_MODEL = "CP-8851-3PCC";
export const PHONE_FIRMWARE = "12.0.1";

// Per-line parameters (`<name>_<n>_`) with a value for line n; values as phones report them.
const PER_LINE: [string, (n: number) => string][] = [
  ["Line_Enable", () => "Yes"], ["Share_Ext", () => "No"], ["Shared_User_ID", () => ""], ["Subscription_Expires", () => "3600"],
  ["Restrict_MWI", () => "No"], ["NAT_Mapping_Enable", () => "No"], ["NAT_Keep_Alive_Enable", () => "No"],
  ["NAT_Keep_Alive_Msg", () => "$NOTIFY"], ["NAT_Keep_Alive_Dest", () => "$PROXY"], ["SIP_TOS_DiffServ_Value", () => "0x68"],
  ["RTP_TOS_DiffServ_Value", () => "0xb8"], ["Network_Jitter_Level", () => "high"], ["Jitter_Buffer_Adjustment", () => "enable"],
  ["SIP_Transport", () => "UDP"], ["SIP_Port", (n) => String(5059 + n)], ["SIP_100REL_Enable", () => "No"],
  ["EXT_SIP_Port", () => "0"], ["Auth_Resync-Reboot", () => "Yes"], ["SIP_Proxy-Require", () => ""],
  ["SIP_Remote-Party-ID", () => "No"], ["Referor_Bye_Delay", () => "4"], ["Refer-To_Target_Contact", () => "No"],
  ["Referee_Bye_Delay", () => "0"], ["Refer_Target_Bye_Delay", () => "0"], ["Sticky_183", () => "No"],
  ["Auth_INVITE", () => "No"], ["Ntfy_Refer_On_1xx-To-Inv", () => "Yes"], ["Set_G729_annexb", () => "yes"],
  ["Voice_Quality_Report_Address", () => ""], ["VQ_Report_Interval", () => "0"], ["User_Equal_Phone", () => "No"],
  ["Call_Recording_Protocol", () => "SIPREC"], ["Privacy_Header", () => "Disabled"], ["P-Early-Media_Support", () => "No"],
  ["Blind_Attn-Xfer_Enable", () => "No"], ["MOH_Server", () => ""], ["Message_Waiting", () => "No"], ["Auth_Page", () => "No"],
  ["Default_Ring", () => "1"], ["Auth_Page_Realm", () => ""], ["Conference_Bridge_URL", () => ""],
  ["Conference_Single_Hardkey", () => "No"], ["Voice_Mail_Server", () => "*97@$PROXY"], ["Voice_Mail_Subscribe_Interval", () => "86400"],
  ["Auto_Ans_Page_On_Active_Call", () => "Yes"], ["Feature_Key_Sync", () => "No"], ["Call_Park_Monitor_Enable", () => "No"],
  ["Enable_Broadsoft_Hoteling", () => "No"], ["Hoteling_Subscription_Expires", () => "3600"], ["Secure_Call_Option", () => "Optional"],
  ["Proxy", () => "sip.example.net"], ["Outbound_Proxy", () => ""], ["Alternate_Proxy", () => ""], ["Alternate_Outbound_Proxy", () => ""],
  ["Use_OB_Proxy_In_Dialog", () => "Yes"], ["Register", () => "Yes"], ["Make_Call_Without_Reg", () => "No"],
  ["Register_Expires", () => "3600"], ["Ans_Call_Without_Reg", () => "No"], ["Use_DNS_SRV", () => "No"],
  ["DNS_SRV_Auto_Prefix", () => "Yes"], ["Proxy_Fallback_Intvl", () => "3600"], ["Proxy_Redundancy_Method", () => "Normal"],
  ["Dual_Registration", () => "No"], ["Auto_Register_When_Failover", () => "No"], ["TLS_Name_Validate", () => "Yes"],
  ["Reversed_Auth_Realm", () => "No"], ["SIP_URI", () => ""], ["Preferred_Codec", () => "G711a"], ["Use_Pref_Codec_Only", () => "No"],
  ["Second_Preferred_Codec", () => "G722"], ["Third_Preferred_Codec", () => "Unspecified"], ["G711u_Enable", () => "Yes"],
  ["G711a_Enable", () => "Yes"], ["G729a_Enable", () => "Yes"], ["G722_Enable", () => "Yes"], ["G722.2_Enable", () => "Yes"],
  ["iLBC_Enable", () => "Yes"], ["OPUS_Enable", () => "Yes"], ["Silence_Supp_Enable", () => "No"], ["DTMF_Tx_Method", () => "Auto"],
  ["Codec_Negotiation", () => "Default"], ["Encryption_Method", () => "AES 128"],
  ["Dial_Plan", () => "(<9,:>[2-9]xxxxxx|<9,:>[2-9]xxxxxxxxx|<9,:>1[2-9]xxxxxxxxx|<9,:>011xxxxxxx.|*xx|[3469]11|0|00|[1-8]xxx|xx.)"],
  ["Caller_ID_Map", () => ""], ["Enable_URI_Dialing", () => "No"], ["Emergency_Number", () => "112,110"],
];

// Line keys: function, label, extension for each key.
const LINE_KEYS = 16;

// Global parameters, as the seed's common.yml writes them.
const GLOBAL: [string, string][] = [
  ["Admin_Password", "admin1234"], ["Time_Zone", "GMT+01:00"], ["Daylight_Saving_Time_Enable", "Yes"],
  ["Daylight_Saving_Time_Rule", "start=3/-1/7/2;end=10/-1/7/3;save=1"], ["Time_Format", "24hr"], ["Date_Format", "day/month"],
  ["Primary_NTP_Server", "172.16.0.1"], ["Secondary_NTP_Server", "pool.ntp.org"], ["Language_Selection", "German"], ["Locale", "de-DE"],
  ["Dictionary_Server_Script", "serv=tftp://tftpserver.local/;d1=German;x1=de-DE_78xx_68xx-12.0.1.1000.xml;"],
  ["XML_Directory_Service_Name", "Telefonbuch"], ["XML_Directory_Service_URL", "http://switchboard.local:8080/cisco/directory?key=office"],
  ["Personal_Directory_Enable", "No"], ["Resync_On_Reset", "Yes"], ["Resync_Random_Delay", "10"], ["Resync_At__HHmm_", ""],
  ["Resync_At_Random_Delay", "600"], ["Resync_Periodic", "120"], ["Resync_Error_Retry_Delay", "3600"], ["Forced_Resync_Delay", "14400"],
  ["Resync_From_SIP", "Yes"], ["Resync_After_Upgrade_Attempt", "Yes"], ["Resync_Trigger_1", ""], ["Resync_Trigger_2", ""],
  ["Resync_Fails_On_FNF", "Yes"], ["Profile_Authentication_Type", "Basic Http Authentication"],
  ["Profile_Rule", "http://switchboard.local:8080/$MA.xml"], ["Profile_Rule_B", ""], ["Profile_Rule_C", ""], ["Profile_Rule_D", ""],
  ["DHCP_Option_To_Use", "66,160,159,150,60,43,125"], ["Log_Request_Msg", "$PN $MAC -- Requesting resync $SCHEME://$SERVIP:$PORT$PATH"],
  ["Log_Success_Msg", "$PN $MAC -- Successful resync $SCHEME://$SERVIP:$PORT$PATH"], ["Log_Failure_Msg", "$PN $MAC -- Resync failed: $ERR"],
  ["Report_Rule", "http://switchboard.local:8080/report/$MA"], ["Report_To_Server", "On Local Change"],
  ["Upload_Delay_On_Local_Change", "10"], ["Periodic_Upload_To_Server", "600"], ["HTTP_Report_Method", "POST"],
  ["Dial_Tone", "350@-19,440@-19;10(*/0/1+2)"], ["Outside_Dial_Tone", "420@-16;10(*/0/1)"], ["Prompt_Tone", "520@-19,620@-19;10(*/0/1+2)"],
  ["Busy_Tone", "480@-19,620@-19;10(.5/.5/1+2)"], ["Reorder_Tone", "480@-19,620@-19;10(.25/.25/1+2)"],
  ["Ring_Back_Tone", "440@-19,480@-19;*(2/4/1+2)"], ["Call_Waiting_Tone", "440@-10;30(.3/9.7/1)"],
  ["Confirm_Tone", "600@-16;1(.25/.25/1)"], ["MWI_Dial_Tone", "350@-19,440@-19;2(.1/.1/1+2);10(*/0/1+2)"],
  ["Cfwd_Dial_Tone", "350@-19,440@-19;2(.2/.2/1+2);10(*/0/1+2)"], ["Holding_Tone", "600@-19;25(.1/.1/1,.1/.1/1,.1/9.5/1)"],
  ["Conference_Tone", "350@-19;20(.1/.1/1,.1/9.7/1)"], ["Secure_Call_Indication_Tone", "397@-19,507@-19;15(0/2/0,.2/.1/1,.1/2.1/2)"],
  ["Alert_Tone", "600@-19;.2(.05/0.05/1)"], ["Mute_Tone", "600@-19;.2(.1/0.1/1, .1/0.1/1, .1/0.1/1)"],
  ["Unmute_Tone", "600@-19;.3(.1/0.1/1)"], ["Ring1_Cadence", "60(2/4)"], ["Ring2_Cadence", "60(.3/.2,1/.2,.3/4)"],
  ["Ring3_Cadence", "60(.8/.4,.8/4)"], ["Ring4_Cadence", "60(.4/.2,.3/.2,.8/4)"], ["CWT1_Cadence", "30(.3/9.7)"],
  ["CWT2_Cadence", "30(.1/.1, .1/9.7)"], ["Hold_Reminder_Ring", "2"], ["Call_Back_Ring", "7"], ["Cfwd_Ring_Splash_Len", "0"],
  ["Cblk_Ring_Splash_Len", "0"], ["VMWI_Ring_Splash_Len", ".5"], ["Interdigit_Long_Timer", "10"], ["Interdigit_Short_Timer", "3"],
  ["Call_Forward_Code", "*72"], ["Call_Forward_Busy_Act_Code", "*90"], ["Call_Forward_No_Answer_Act_Code", "*92"],
  ["Cfwd_All_Deact_Code", "*73"], ["Paging_Code", "*96"], ["Call_Park_Code", "*68"], ["Call_Pickup_Code", "*98"],
  ["Group_Call_Pickup_Code", "*97"], ["Media_Loopback_Code", "*03"], ["Referral_Services_Codes", ""],
  ["Feature_Dial_Services_Codes", ""], ["Primary_DNS", "10.0.0.53"], ["Secondary_DNS", "10.0.1.53"], ["Domain", "office.example.net"],
  ["DNS_Server_Order", "Manual,DHCP"], ["DNS_Query_Mode", "Parallel"], ["Syslog_Server", "10.0.0.20"], ["Debug_Level", "NOTICE"],
  ["Enable_VLAN", "Yes"], ["VLAN_ID", "20"], ["PC_Port_VLAN_Highest_Priority", "No Limit"], ["Enable_CDP", "Yes"],
  ["Enable_LLDP-MED", "Yes"], ["Network_Startup_Delay", "3"], ["Web_Server_Enable", "Yes"], ["Enable_Web_Admin_Access", "Yes"],
  ["Web_Server_Port", "80"], ["Enable_Protocol", "Http"], ["Phone-UI-User-Mode", "No"], ["Station_Display_Name", ""],
  ["Voice_Mail_Number", "*97"], ["Text_Logo", "Example GmbH"], ["BMP_Picture_Download_URL", ""], ["Select_Logo", "Text Logo"],
  ["Select_Background_Picture", "None"], ["Screen_Saver_Enable", "Yes"], ["Screen_Saver_Wait", "300"], ["Screen_Saver_Icon", "Background Picture"],
  ["Back_Light_Timer", "10m"], ["Display_Brightness", "12"], ["Boot_Display", "Default"], ["Line_Key_LED_Pattern", "Default"],
  ["Miss_Call_Shortcut", "No"], ["Call_Redirect_Enable", "Yes"], ["Block_ANC_Serv", "Yes"], ["Block_CID_Serv", "Yes"],
  ["Cfwd_Setting", "Yes"], ["Cfwd_All_Dest", ""], ["Cfwd_Busy_Dest", ""], ["Cfwd_No_Ans_Dest", ""], ["Cfwd_No_Ans_Delay", "20"],
  ["Speed_Dial_2", ""], ["Speed_Dial_3", ""], ["Speed_Dial_4", ""], ["Speed_Dial_5", ""], ["Speed_Dial_6", ""],
  ["Speed_Dial_7", ""], ["Speed_Dial_8", ""], ["Speed_Dial_9", ""], ["CW_Setting", "Yes"], ["Block_CID_Setting", "No"],
  ["Block_ANC_Setting", "No"], ["DND_Setting", "No"], ["Secure_Call_Setting", "No"], ["Dial_Assistance", "No"],
  ["Auto_Answer_Page", "Yes"], ["Preferred_Audio_Device", "Speaker"], ["Send_Audio_To_Speaker", "No"], ["Time_Format_Display", "24hr"],
  ["Ringer_Volume", "9"], ["Speaker_Volume", "11"], ["Handset_Volume", "9"], ["Headset_Volume", "10"], ["Ehook_Enable", "No"],
  ["Bluetooth_Mode", "Phone"], ["Line", "5"], ["Upgrade_Enable", "Yes"], ["Upgrade_Error_Retry_Delay", "3600"],
  ["Upgrade_Rule", "http://switchboard.local:8080/firmware/sip88xx.12-0-1MPP0001-245.loads"],
  ["Peer_Firmware_Sharing", "Yes"], ["Peer_Firmware_Sharing_Log_Server", ""], ["XML_Application_Service_Name", "Dienste"],
  ["XML_Application_Service_URL", "http://switchboard.local:8080/cisco/services?mac=$MA&model=$PN"], ["XML_User_Name", "phone"],
  ["XML_Password", "xmlsecret"], ["CISCO_XML_EXE_Enable", "Yes"], ["CISCO_XML_EXE_Auth_Mode", "Local Credential"],
  ["LDAP_Dir_Enable", "No"], ["LDAP_Corp_Dir_Name", "Firma"], ["LDAP_Server", "ldap.example.net"], ["LDAP_Search_Base", "ou=people,dc=example,dc=net"],
  ["LDAP_Client_DN", "cn=phone,dc=example,dc=net"], ["LDAP_Password", "ldapsecret"], ["LDAP_Auth_Method", "Simple"],
  ["LDAP_Last_Name_Filter", "sn:(sn=$VALUE*)"], ["LDAP_First_Name_Filter", "cn:(cn=$VALUE*)"],
  ["LDAP_Search_Item_3", ""], ["LDAP_Item_3_Filter", ""], ["LDAP_Display_Attrs", "a=cn;a=sn;a=telephoneNumber,t=p;a=mobile,t=p"],
  ["LDAP_Number_Mapping", ""], ["Broadsoft_Directory_Enable", "No"], ["Local_Directory_Enable", "Yes"],
  ["Call_Log_Enable", "Yes"], ["Display_Recents_From", "All lines"], ["SIP_T1", ".5"], ["SIP_T2", "4"], ["SIP_T4", "5"],
  ["SIP_Timer_B", "16"], ["SIP_Timer_F", "16"], ["SIP_Timer_H", "16"], ["SIP_Timer_D", "16"], ["SIP_Timer_J", "16"],
  ["INVITE_Expires", "240"], ["ReINVITE_Expires", "30"], ["Reg_Min_Expires", "1"], ["Reg_Max_Expires", "7200"],
  ["Reg_Retry_Intvl", "30"], ["Reg_Retry_Long_Intvl", "1200"], ["Reg_Retry_Random_Delay", "0"], ["Sub_Min_Expires", "10"],
  ["Sub_Max_Expires", "7200"], ["Sub_Retry_Intvl", "10"], ["RTP_Port_Min", "16384"], ["RTP_Port_Max", "16538"],
  ["RTP_Packet_Size", "0.020"], ["Max_RTP_ICMP_Err", "0"], ["RTCP_Tx_Interval", "0"], ["SDP_Payload_Types", ""],
  ["AVT_Dynamic_Payload", "101"], ["AVT_16kHz_Dynamic_Payload", "107"], ["AVT_48kHz_Dynamic_Payload", "108"],
  ["AVT_Codec_Name", "telephone-event"], ["INFOREQ_Codec_Name", "INFOREQ"], ["OPUS_Dynamic_Payload", "99"],
  ["Handle_VIA_received", "No"], ["Handle_VIA_rport", "No"], ["Insert_VIA_received", "No"], ["Insert_VIA_rport", "No"],
  ["Substitute_VIA_Addr", "No"], ["Send_Resp_To_Src_Port", "No"], ["STUN_Enable", "No"], ["STUN_Server", ""],
  ["EXT_IP", ""], ["EXT_RTP_Port_Min", "0"], ["NAT_Keep_Alive_Intvl", "15"], ["Redirect_Keep_Alive", "No"],
  ["Caller_ID_Header", "PAID-RPID-FROM"], ["Hold_Target_Before_Refer", "No"], ["Dialog_SDP_Enable", "No"],
  ["Keep_Referee_When_Refer_Failed", "No"], ["Display_Diversion_Info", "No"], ["Display_Anonymous_From_Header", "No"],
  ["Sip_Accept_Encoding", "none"], ["SIP_IP_Preference", "IPv4"], ["Disable_Local_Name_To_Header", "No"],
  ["Customer_Care_Name", "IT-Hotline <it@example.net> & Support"],
];

function commonParams(): Map<string, string> {
  const p = new Map<string, string>(GLOBAL);
  for (let n = 1; n <= LINES; n++) for (const [name, value] of PER_LINE) p.set(`${name}_${n}_`, value(n));
  for (let k = 1; k <= LINE_KEYS; k++) {
    p.set(`Extension_${k}_`, k <= LINES ? String(k) : "Disabled");
    p.set(`Short_Name_${k}_`, k <= LINES ? "$USER" : "");
    p.set(`Extended_Function_${k}_`, k <= LINES ? "" : `fnc=blf+sd+cp;sub=${200 + k}@$PROXY;nme=Kollege ${k};`);
    p.set(`Line_Key_Label_${k}_`, "");
  }
  return p;
}

/** Writes phones.yml, common.yml, schema.yml, serviceconfig.yml and firmware.yml for `phones` phones into `dir`. */
export function writeMppConfig(dir: string, phones: number): GeneratedConfig {
  mkdirSync(dir, { recursive: true });
  const common = commonParams();
  const macs: string[] = [];
  const phoneEntries: Record<string, Record<string, string>> = {};
  for (let i = 0; i < phones; i++) {
    const mac = `0c1167${(0x100000 + i * 7).toString(16).slice(-6)}`;
    macs.push(mac);
    const ext = String(2000 + i);
    phoneEntries[`phone-${String(i + 1).padStart(4, "0")}`] = {
      mac: mac.match(/../g)!.join(":"),
      ip_address: `10.20.${Math.floor(i / 250)}.${(i % 250) + 2}`,
      Station_Name: `phone-${ext}`,
      Station_Display_Name: `Mitarbeiter ${ext} (${ext})`,
      Display_Name_1_: `Mitarbeiter ${ext}`,
      User_ID_1_: ext,
      Auth_ID_1_: ext,
      Password_1_: `pw-${(i * 2654435761 % 4294967296).toString(36)}`,
    };
  }
  const schema = new Map<string, string>([...common.keys()].map((k) => [k, ""]));
  for (const k of Object.keys(Object.values(phoneEntries)[0] ?? {})) if (k !== "mac" && k !== "ip_address") schema.set(k, "");
  write(dir, "common.yml", "# Generated by bench/mpp-config.ts\n", { common: Object.fromEntries(common) });
  write(dir, "phones.yml", "# Generated by bench/mpp-config.ts\n", { phones: phoneEntries });
  write(dir, "schema.yml", "", {
    schema: { flat_profile_params: Object.fromEntries(schema), xml_structure: { device: { "flat-profile": "DYNAMIC_PARAMS" } } },
  });
  // Phones come from loopback here (the storm gives each its own 127.x address); the phones' own addresses still
  // fill the allowlist as in production.
  write(dir, "serviceconfig.yml", "", { discovery: { enabled: false, exclude_macs: [] }, ip_whitelist: ["127.0.0.0/8"], auth: { enabled: false } });
  write(dir, "firmware.yml", "", {
    firmware: { update_enabled: true, expected_version: PHONE_FIRMWARE, upgrade_url: "http://switchboard.local:8080/firmware/sip88xx.loads" },
  });
  const entries = Object.values(phoneEntries);
  const commonRecord = Object.fromEntries(common);
  const phoneParams = (index: number) => {
    const { mac: _mac, ip_address: _ip, ...own } = entries[index];
    return own;
  };
  return { dir, macs, commonParams: common.size, common: commonRecord, phoneParams, reportParams: (index) => ({ ...commonRecord, ...phoneParams(index) }) };
}

function write(dir: string, file: string, header: string, value: unknown): void {
  writeFileSync(join(dir, file), header + toYaml(value));
}
