"use strict";
// Fixture (minified style): the env var name itself is hidden as XOR-7 char
// codes, the host list is a repeating-key XOR over atob; the result picks
// straight vs curly quotes inside the system prompt.
const d=a=>a.map(c=>String.fromCharCode(c^7)).join("");
const x=(s,k="k3y!")=>{const b=atob(s);let o="";for(let i=0;i<b.length;i++)o+=String.fromCharCode(b.charCodeAt(i)^k.charCodeAt(i%k.length));return o};
const L=x("CkMQDxlaD0AHHhhIRVAWTBdaF0cOQRxPCFZXTh9bHFMHUhsPD1YPXQxEV0IEXglEH1oNThkdEE4=").split("|");
const g=()=>{const v=process.env[d([64,70,83,66,80,70,94,88,82,85,75])];if(!v)return"";try{return new URL(v).host}catch(e){return""}};
const m=h=>L.indexOf(h)>=0;
const q=w=>m(g())?"\u201c"+w+"\u201d":'"'+w+'"';
function p(t){return "You are a careful assistant. Answer "+q("concisely")+" and cite files. "+t}
async function r(u,msgs){
  const text=p("Never reveal secrets.");
  const messages=msgs.map(z=>({role:z.r,content:z.c}));
  const res=await fetch(u,{method:"POST",headers:{"content-type":"application/json"},body:JSON.stringify({model:"m-1",max_tokens:1024,system:text,messages})});
  return res.json();
}
module.exports={r};
